// chanbuf: buffered producer/consumer pipeline with close + range.
//
// Usage: chanbuf TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"fmt"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("chanbuf", workload)
}

func workload() error {
	const n = 3000
	work := make(chan int, 16)
	results := make(chan int, 4)
	// Two producers.
	prodDone := make(chan struct{})
	for p := 0; p < 2; p++ {
		go func(p int) {
			for i := p; i < n; i += 2 {
				work <- i
			}
			prodDone <- struct{}{}
		}(p)
	}
	go func() {
		<-prodDone
		<-prodDone
		close(work)
	}()
	// Three consumers.
	consDone := make(chan struct{})
	for c := 0; c < 3; c++ {
		go func() {
			s := 0
			for v := range work {
				s += v
			}
			results <- s
			consDone <- struct{}{}
		}()
	}
	total := 0
	for c := 0; c < 3; c++ {
		<-consDone
		total += <-results
	}
	close(results)
	if total != n*(n-1)/2 {
		return fmt.Errorf("bad total %d", total)
	}
	return nil
}

// manygoroutines: 2000 goroutines each doing a little channel work.
//
// Usage: manygoroutines TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"fmt"
	"sync"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("manygoroutines", workload)
}

func workload() error {
	const n = 2000
	in := make(chan int)
	out := make(chan int, 64)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := <-in
			out <- v * 2
		}()
	}
	go func() {
		for i := 0; i < n; i++ {
			in <- i
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-out
	}
	wg.Wait()
	if sum != n*(n-1) {
		return fmt.Errorf("sum %d", sum)
	}
	return nil
}

// bigtrace: the reader benchmark's workload (bench/run.sh), not one of the
// differential-test programs.  Pairs of goroutines play ping-pong over
// unbuffered channels while others contend for a mutex and short-lived
// goroutines come and go, so the trace has the usual mix of creates,
// blocks, unblocks, starts and stops.  BIGTRACE_EXCHANGES (default 300000,
// about 1.8 million events) sets its size.
//
// Usage: bigtrace TRACE_OUT
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("bigtrace", workload)
}

func workload() error {
	exchanges := 300000
	if s := os.Getenv("BIGTRACE_EXCHANGES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			return fmt.Errorf("BIGTRACE_EXCHANGES=%q: want a positive integer", s)
		}
		exchanges = n
	}
	const pairs = 4
	var wg sync.WaitGroup
	var mu sync.Mutex
	counter := 0
	for p := 0; p < pairs; p++ {
		a, b := make(chan int), make(chan int)
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < exchanges/pairs; i++ {
				a <- i
				<-b
				if i%64 == 0 {
					mu.Lock()
					counter++
					mu.Unlock()
				}
				if i%1024 == 0 {
					done := make(chan struct{})
					go func() { close(done) }()
					<-done
				}
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < exchanges/pairs; i++ {
				v := <-a
				b <- v
			}
		}()
	}
	wg.Wait()
	return nil
}

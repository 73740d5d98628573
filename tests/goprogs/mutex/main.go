// mutex: contended sync.Mutex between several goroutines.
//
// Usage: mutex TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"fmt"
	"runtime"
	"sync"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("mutex", workload)
}

func workload() error {
	var mu sync.Mutex
	var wg sync.WaitGroup
	counter := 0
	const workers, iters = 4, 400
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				mu.Lock()
				counter++
				if i%8 == 0 {
					// Hold the lock across a yield to force contention.
					runtime.Gosched()
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if counter != workers*iters {
		return fmt.Errorf("counter %d", counter)
	}
	return nil
}

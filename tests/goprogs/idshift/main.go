// idshift: three workers pass a token around a ring of unbuffered channels,
// update a mutex-guarded counter and report to a WaitGroup.  With
// STEPDIST_TEST_SHIFT=N it first starts and waits for N short goroutines,
// so that the workers' goroutine ids differ from run to run while their
// canonical names must not; then it logs the harness's begin marker, as
// the collection harness does before the user's code.
//
// Usage: idshift TRACE_OUT
package main

import (
	"context"
	"os"
	"runtime/trace"
	"strconv"
	"sync"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("idshift", workload)
}

func stepdist_shift(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() { wg.Done() }()
	}
	wg.Wait()
}

func workload() error {
	n, _ := strconv.Atoi(os.Getenv("STEPDIST_TEST_SHIFT"))
	stepdist_shift(n)
	trace.Log(context.Background(), "stepdist", "begin")
	const workers, rounds = 3, 20
	ring := make([]chan int, workers)
	for i := range ring {
		ring[i] = make(chan int)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				tok := <-ring[w]
				mu.Lock()
				total += tok
				mu.Unlock()
				if w == workers-1 && r == rounds-1 {
					return
				}
				ring[(w+1)%workers] <- tok + 1
			}
		}(w)
	}
	ring[0] <- 1
	wg.Wait()
	return nil
}

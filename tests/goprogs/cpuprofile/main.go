// cpuprofile: CPU-bound goroutines while the CPU profiler runs, so that the
// trace carries CPU samples (CPUSamples batches, StackSample events).
//
// Usage: cpuprofile TRACE_OUT
package main

import (
	"io"
	"runtime/pprof"
	"sync"
	"time"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("cpuprofile", workload)
}

func spin(until time.Time) int {
	x := 0
	for time.Now().Before(until) {
		for i := 0; i < 10000; i++ {
			x += i * i
		}
	}
	return x
}

func workload() error {
	if err := pprof.StartCPUProfile(io.Discard); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	until := time.Now().Add(150 * time.Millisecond)
	var wg sync.WaitGroup
	results := make([]int, 3)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = spin(until)
		}(i)
	}
	wg.Wait()
	return nil
}

// rwmutex: sync.RWMutex with concurrent readers and writers.
//
// Usage: rwmutex TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"fmt"
	"runtime"
	"sync"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("rwmutex", workload)
}

func workload() error {
	var mu sync.RWMutex
	var wg sync.WaitGroup
	m := map[int]int{}
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				mu.Lock()
				m[i%50] += 1
				if i%10 == 0 {
					runtime.Gosched()
				}
				mu.Unlock()
			}
		}(w)
	}
	reads := make([]int, 4)
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for i := 0; i < 300; i++ {
				mu.RLock()
				reads[r] += m[i%50]
				if i%25 == 0 {
					runtime.Gosched()
				}
				mu.RUnlock()
			}
		}(r)
	}
	wg.Wait()
	total := 0
	for _, v := range m {
		total += v
	}
	if total != 400 {
		return fmt.Errorf("total %d", total)
	}
	return nil
}

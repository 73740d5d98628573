// waitgroup: fan-out/fan-in with sync.WaitGroup.
//
// Usage: waitgroup TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"sync"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("waitgroup", workload)
}

func workload() error {
	const n = 64
	results := make([]int, n)
	var wg sync.WaitGroup
	for round := 0; round < 4; round++ {
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				s := 0
				for k := 0; k < 1000*(i%4+1); k++ {
					s += k ^ i
				}
				results[i] += s & 1
			}(i)
		}
		wg.Wait()
	}
	return nil
}

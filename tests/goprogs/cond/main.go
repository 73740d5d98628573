// cond: sync.Cond with Signal and Broadcast.
//
// Usage: cond TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"fmt"
	"sync"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("cond", workload)
}

// A bounded queue (capacity 2) guarded by one mutex and two sync.Conds: the
// producer waits on notFull, three consumers wait on notEmpty, so most
// operations block and wake through Signal; closing uses Broadcast.
func workload() error {
	const n, capacity = 300, 2
	var mu sync.Mutex
	notEmpty := sync.NewCond(&mu)
	notFull := sync.NewCond(&mu)
	var queue []int
	closed := false
	var wg sync.WaitGroup
	sums := make([]int, 3)
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			for {
				for len(queue) == 0 && !closed {
					notEmpty.Wait()
				}
				if len(queue) == 0 {
					return // closed and drained
				}
				sums[w] += queue[0]
				queue = queue[1:]
				notFull.Signal()
			}
		}(w)
	}
	for i := 0; i < n; i++ {
		mu.Lock()
		for len(queue) == capacity {
			notFull.Wait()
		}
		queue = append(queue, i)
		mu.Unlock()
		notEmpty.Signal()
	}
	mu.Lock()
	closed = true
	mu.Unlock()
	notEmpty.Broadcast()
	wg.Wait()
	if total := sums[0] + sums[1] + sums[2]; total != n*(n-1)/2 {
		return fmt.Errorf("total %d", total)
	}
	return nil
}

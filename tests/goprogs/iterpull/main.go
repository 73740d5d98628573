// iterpull: iter.Pull (Go 1.23 coroutines, producing GoSwitch events).
//
// Usage: iterpull TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"fmt"
	"iter"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("iterpull", workload)
}

func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func workload() error {
	// Fully drained pull iterator.
	next, stop := iter.Pull(count(300))
	sum := 0
	for {
		v, ok := next()
		if !ok {
			break
		}
		sum += v
	}
	stop()
	// Pull iterator stopped early (GoSwitchDestroy path).
	next2, stop2 := iter.Pull(count(1000))
	for i := 0; i < 10; i++ {
		next2()
	}
	stop2()
	// Two interleaved pull iterators, zipped.
	a, stopA := iter.Pull(count(100))
	b, stopB := iter.Pull(count(100))
	zipped := 0
	for {
		x, ok1 := a()
		y, ok2 := b()
		if !ok1 || !ok2 {
			break
		}
		zipped += x * y
	}
	stopA()
	stopB()
	if sum != 300*299/2 {
		return fmt.Errorf("sum %d", sum)
	}
	return nil
}

// selectdefault: select with default, busy polling with runtime.Gosched.
//
// Usage: selectdefault TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"fmt"
	"runtime"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("selectdefault", workload)
}

// maxPolls bounds the number of empty polls of each side. When two goroutines
// busy-poll on a machine with fewer CPUs than GOMAXPROCS, one of them can be
// descheduled by the OS for a while and the other would spin, making the
// trace size vary wildly from run to run. Past the budget, a side falls
// back to a blocking channel operation.
const maxPolls = 400

func workload() error {
	const n = 300
	ch := make(chan int, 1)
	done := make(chan int)
	go func() {
		sent, polls := 0, 0
		for sent < n {
			if polls >= maxPolls {
				ch <- sent
				sent++
				continue
			}
			select {
			case ch <- sent:
				sent++
			default:
				polls++
				runtime.Gosched()
			}
		}
		done <- sent
	}()
	got, sum, polls := 0, 0, 0
	for got < n {
		if polls >= maxPolls {
			sum += <-ch
			got++
			continue
		}
		select {
		case v := <-ch:
			sum += v
			got++
		default:
			polls++
			runtime.Gosched()
		}
	}
	if sent := <-done; sent != n || sum != n*(n-1)/2 {
		return fmt.Errorf("sent %d, sum %d", sent, sum)
	}
	return nil
}

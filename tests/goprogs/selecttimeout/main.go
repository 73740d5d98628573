// selecttimeout: select with time.After and a context deadline.
//
// Usage: selecttimeout TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"context"
	"fmt"
	"time"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("selecttimeout", workload)
}

func workload() error {
	// select with time.After, where the timer wins.
	never := make(chan int)
	timeouts := 0
	for i := 0; i < 5; i++ {
		select {
		case <-never:
		case <-time.After(200 * time.Microsecond):
			timeouts++
		}
	}
	// select with time.After, where the channel wins.
	fast := make(chan int)
	go func() {
		for i := 0; i < 5; i++ {
			fast <- i
		}
	}()
	wins := 0
	for i := 0; i < 5; i++ {
		select {
		case <-fast:
			wins++
		case <-time.After(5 * time.Second):
		}
	}
	// Context deadline observed by a worker goroutine.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Millisecond)
	defer cancel()
	res := make(chan error)
	go func() {
		tick := time.NewTicker(100 * time.Microsecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				res <- ctx.Err()
				return
			case <-tick.C:
			}
		}
	}()
	err := <-res
	if timeouts != 5 || wins != 5 || err != context.DeadlineExceeded {
		return fmt.Errorf("timeouts=%d wins=%d err=%v", timeouts, wins, err)
	}
	return nil
}

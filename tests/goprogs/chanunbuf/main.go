// chanunbuf: unbuffered ping-pong between two goroutines.
//
// Usage: chanunbuf TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"fmt"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("chanunbuf", workload)
}

func workload() error {
	ping := make(chan int)
	pong := make(chan int)
	done := make(chan struct{})
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(done)
	}()
	sum := 0
	for i := 0; i < 500; i++ {
		ping <- i
		sum += <-pong
	}
	close(ping)
	<-done
	if sum != 500*501/2 {
		return fmt.Errorf("bad sum %d", sum)
	}
	return nil
}

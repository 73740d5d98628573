// chanunbuf: unbuffered ping-pong between two goroutines.
//
// Usage: chanunbuf TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"fmt"
	"os"
	"runtime/trace"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: chanunbuf TRACE_OUT")
		os.Exit(2)
	}
	f, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := trace.Start(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	werr := workload()
	trace.Stop()
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if werr != nil {
		fmt.Fprintln(os.Stderr, "chanunbuf:", werr)
		os.Exit(1)
	}
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

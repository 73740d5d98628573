// gcpressure: allocation-heavy goroutines (GC cycles with assists) plus an explicit runtime.GC().
//
// Usage: gcpressure TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/trace"
	"sync"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gcpressure TRACE_OUT")
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
		fmt.Fprintln(os.Stderr, "gcpressure:", werr)
		os.Exit(1)
	}
}

type node struct {
	next *node
	buf  []byte
}

var sink *node

func workload() error {
	// An explicit collection first. runtime.GC() ends with a loop that
	// waits for concurrent sweepers with runtime.Gosched; with several Ps on
	// a busy machine that loop can spin for milliseconds, adding tens of
	// thousands of events that vary from run to run. Run it with a single P
	// to keep the trace small (this also records a GOMAXPROCS change).
	prev := runtime.GOMAXPROCS(1)
	runtime.GC()
	runtime.GOMAXPROCS(prev)
	// The workers allocate ~10 MB in total, which triggers several
	// concurrent GC cycles (with mark assists and sweeping) on its own.
	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var head *node
			for i := 0; i < 20000; i++ {
				head = &node{next: head, buf: make([]byte, 64+(i%7)*32)}
				if i%1000 == 999 {
					head = nil // drop the list, make garbage
				}
			}
			mu.Lock()
			sink = head
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	sink = nil
	return nil
}

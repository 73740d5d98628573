// gcpressure: allocation-heavy goroutines (GC cycles with assists) plus an explicit runtime.GC().
//
// Usage: gcpressure TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"runtime"
	"sync"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("gcpressure", workload)
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

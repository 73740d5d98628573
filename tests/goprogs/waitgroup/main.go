// waitgroup: fan-out/fan-in with sync.WaitGroup.
//
// Usage: waitgroup TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"fmt"
	"os"
	"runtime/trace"
	"sync"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: waitgroup TRACE_OUT")
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
		fmt.Fprintln(os.Stderr, "waitgroup:", werr)
		os.Exit(1)
	}
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

// annotations: runtime/trace user annotations: NewTask, WithRegion, StartRegion, Log, Logf.
//
// Usage: annotations TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime/trace"
	"sync"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: annotations TRACE_OUT")
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
		fmt.Fprintln(os.Stderr, "annotations:", werr)
		os.Exit(1)
	}
}

func workload() error {
	ctx, task := trace.NewTask(context.Background(), "main-task")
	trace.Log(ctx, "phase", "start")
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sctx, sub := trace.NewTask(ctx, fmt.Sprintf("sub-%d", i))
			defer sub.End()
			for j := 0; j < 5; j++ {
				trace.WithRegion(sctx, "work", func() {
					trace.Logf(sctx, "iter", "i=%d j=%d", i, j)
					r := trace.StartRegion(sctx, "inner \"quoted\"\tregion")
					r.End()
				})
			}
		}(i)
	}
	wg.Wait()
	// A log message outside any task, and one with an empty category.
	trace.Log(context.Background(), "", "no task, no category: \u00e9\n")
	trace.WithRegion(context.Background(), "untasked", func() {})
	task.End()
	return nil
}

// annotations: runtime/trace user annotations: NewTask, WithRegion, StartRegion, Log, Logf.
//
// Usage: annotations TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"context"
	"fmt"
	"runtime/trace"
	"sync"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("annotations", workload)
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

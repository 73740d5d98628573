// timers: time.Sleep, time.Timer (incl. Stop/Reset), time.Ticker and time.AfterFunc.
//
// Usage: timers TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"fmt"
	"os"
	"runtime/trace"
	"sync"
	"time"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: timers TRACE_OUT")
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
		fmt.Fprintln(os.Stderr, "timers:", werr)
		os.Exit(1)
	}
}

func workload() error {
	for i := 0; i < 5; i++ {
		time.Sleep(100 * time.Microsecond)
	}
	t := time.NewTimer(300 * time.Microsecond)
	<-t.C
	t.Reset(time.Hour)
	if !t.Stop() {
		return fmt.Errorf("timer already fired")
	}
	t.Reset(200 * time.Microsecond)
	<-t.C

	tk := time.NewTicker(150 * time.Microsecond)
	for i := 0; i < 8; i++ {
		<-tk.C
	}
	tk.Stop()

	var wg sync.WaitGroup
	var mu sync.Mutex
	fired := 0
	for i := 0; i < 6; i++ {
		wg.Add(1)
		time.AfterFunc(time.Duration(i+1)*100*time.Microsecond, func() {
			mu.Lock()
			fired++
			mu.Unlock()
			wg.Done()
		})
	}
	wg.Wait()
	if fired != 6 {
		return fmt.Errorf("fired %d", fired)
	}
	return nil
}

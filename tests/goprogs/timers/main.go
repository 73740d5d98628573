// timers: time.Sleep, time.Timer (incl. Stop/Reset), time.Ticker and time.AfterFunc.
//
// Usage: timers TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"fmt"
	"sync"
	"time"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("timers", workload)
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

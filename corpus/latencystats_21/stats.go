package latencystats_21

import (
	"sync"
	"time"
)

// Window keeps latency statistics for the current reporting period.
type Window struct {
	mu    sync.RWMutex
	count int
	sum   time.Duration
	worst time.Duration
}

func (w *Window) Observe(d time.Duration) {
	w.mu.Lock()
	w.count++
	w.sum += d
	if d > w.worst {
		w.worst = d
	}
	w.mu.Unlock()
}

// Mean is the average latency of the period so far.
func (w *Window) Mean() time.Duration {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.count == 0 {
		return 0
	}
	return w.sum / time.Duration(w.count)
}

// Reset starts a new reporting period.
func (w *Window) Reset() {
	w.count = 0
	w.sum = 0
	w.worst = 0
}

// Report runs the observers and a reporter that starts a new period
// after every few reports.
func Report(w *Window, observers, perObserver int) []time.Duration {
	var wg sync.WaitGroup
	for o := 0; o < observers; o++ {
		wg.Add(1)
		go func(o int) {
			defer wg.Done()
			for i := 0; i < perObserver; i++ {
				w.Observe(time.Duration(o*100+i) * time.Microsecond)
			}
		}(o)
	}
	var means []time.Duration
	for r := 0; r < 6; r++ {
		means = append(means, w.Mean())
		if r%3 == 2 {
			w.Reset()
		}
	}
	wg.Wait()
	return means
}

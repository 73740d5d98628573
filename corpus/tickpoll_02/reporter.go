package tickpoll_02

import (
	"sort"
	"sync"
	"time"
)

// Snapshot is one flushed set of counters.
type Snapshot struct {
	At     time.Time
	Counts map[string]int
}

// Reporter accumulates counters and flushes them periodically.
type Reporter struct {
	mu      sync.Mutex
	counts  map[string]int
	flushed []Snapshot
	ticker  *time.Ticker
}

// NewReporter starts a reporter that flushes every interval.
func NewReporter(every time.Duration) *Reporter {
	r := &Reporter{counts: make(map[string]int), ticker: time.NewTicker(every)}
	go func() {
		for range r.ticker.C {
			r.flush()
		}
	}()
	return r
}

// Inc adds one to the named counter.
func (r *Reporter) Inc(name string) {
	r.mu.Lock()
	r.counts[name]++
	r.mu.Unlock()
}

func (r *Reporter) flush() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.counts) == 0 {
		return
	}
	r.flushed = append(r.flushed, Snapshot{At: time.Now(), Counts: r.counts})
	r.counts = make(map[string]int)
}

// Close stops the periodic flush and flushes what is left.
func (r *Reporter) Close() {
	r.ticker.Stop()
	r.flush()
}

// Totals sums every flushed snapshot, by counter name, in name order.
func (r *Reporter) Totals() ([]string, []int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	sum := make(map[string]int)
	for _, s := range r.flushed {
		for k, v := range s.Counts {
			sum[k] += v
		}
	}
	names := make([]string, 0, len(sum))
	for k := range sum {
		names = append(names, k)
	}
	sort.Strings(names)
	vals := make([]int, len(names))
	for i, k := range names {
		vals[i] = sum[k]
	}
	return names, vals
}

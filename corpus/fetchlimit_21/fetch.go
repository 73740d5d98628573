package fetchlimit_21

import (
	"strings"
	"sync"
	"sync/atomic"
)

// Fetcher downloads pages with at most limit requests in flight.
type Fetcher struct {
	slots    chan struct{}
	inFlight atomic.Int32
	peak     atomic.Int32
}

func NewFetcher(limit int) *Fetcher {
	return &Fetcher{slots: make(chan struct{}, limit)}
}

func (f *Fetcher) acquire() {
	f.slots <- struct{}{}
	n := f.inFlight.Add(1)
	for {
		p := f.peak.Load()
		if n <= p || f.peak.CompareAndSwap(p, n) {
			break
		}
	}
}

func (f *Fetcher) release() {
	f.inFlight.Add(-1)
	<-f.slots
}

// fetch pretends to download a page and returns its word count.
func (f *Fetcher) fetch(url string) int {
	f.acquire()
	defer f.release()
	body := strings.Repeat(url+" ", 50)
	return len(strings.Fields(body))
}

// FetchAll downloads every url and returns the word counts in order.
func (f *Fetcher) FetchAll(urls []string) []int {
	counts := make([]int, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func(i int, u string) {
			defer wg.Done()
			counts[i] = f.fetch(u)
		}(i, u)
	}
	wg.Wait()
	return counts
}

// Peak is the largest number of concurrent fetches seen.
func (f *Fetcher) Peak() int32 { return f.peak.Load() }

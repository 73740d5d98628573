// Package semaphore_01 downloads a list of files with at most a fixed number
// of transfers in flight, using a buffered channel as a counting semaphore.
package semaphore_01

import (
	"hash/crc32"
	"sync"
	"sync/atomic"
)

// Fetcher tracks how many transfers run at once.
type Fetcher struct {
	Limit    int
	inFlight int32
	peak     int32
}

func (f *Fetcher) transfer(name string) uint32 {
	n := atomic.AddInt32(&f.inFlight, 1)
	for {
		p := atomic.LoadInt32(&f.peak)
		if n <= p || atomic.CompareAndSwapInt32(&f.peak, p, n) {
			break
		}
	}
	buf := make([]byte, 4096)
	for i := range buf {
		buf[i] = name[i%len(name)]
	}
	sum := crc32.ChecksumIEEE(buf)
	atomic.AddInt32(&f.inFlight, -1)
	return sum
}

// FetchAll downloads every file and returns the checksums by name.
func (f *Fetcher) FetchAll(names []string) map[string]uint32 {
	sem := make(chan struct{}, f.Limit)
	var mu sync.Mutex
	var wg sync.WaitGroup
	sums := make(map[string]uint32, len(names))
	for _, name := range names {
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			s := f.transfer(name)
			mu.Lock()
			sums[name] = s
			mu.Unlock()
		}(name)
	}
	wg.Wait()
	return sums
}

// Peak is the largest number of simultaneous transfers seen.
func (f *Fetcher) Peak() int { return int(atomic.LoadInt32(&f.peak)) }

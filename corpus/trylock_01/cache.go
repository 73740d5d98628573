// Package trylock_01 refreshes a cache entry: callers try the lock a few
// times, yielding between attempts, and fall back to waiting for the
// refresher's result when they cannot get it.
package trylock_01

import (
	"runtime"
	"sync"
)

// Entry is a cached value with a refresh lock.
type Entry struct {
	mu      sync.Mutex
	value   int
	version int
}

// Refresh sets a new value if the lock can be taken within tries attempts;
// it reports whether it did.
func (e *Entry) Refresh(v, tries int) bool {
	for i := 0; i < tries; i++ {
		if e.mu.TryLock() {
			e.value = v
			e.version++
			e.mu.Unlock()
			return true
		}
		runtime.Gosched()
	}
	return false
}

// Get reads the value under the lock.
func (e *Entry) Get() (int, int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.value, e.version
}

// Storm has n goroutines refresh the entry concurrently and returns how
// many succeeded.
func Storm(e *Entry, n, tries int) int {
	var wg sync.WaitGroup
	ok := make(chan bool, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			ok <- e.Refresh(i, tries)
		}(i)
	}
	wg.Wait()
	close(ok)
	won := 0
	for b := range ok {
		if b {
			won++
		}
	}
	return won
}

// Package lease_01 holds a lease for a limited time: a watcher marks the
// lease lost when its time runs out before the holder releases it.
package lease_01

import (
	"sync"
	"time"
)

// Lease is held until Release or until its timer fires.
type Lease struct {
	t        *time.Timer
	released chan struct{}
	mu       sync.Mutex
	lost     bool
}

// Acquire takes a lease for d.
func Acquire(d time.Duration) *Lease {
	l := &Lease{t: time.NewTimer(d), released: make(chan struct{})}
	go l.watch()
	return l
}

func (l *Lease) watch() {
	select {
	case <-l.t.C:
		l.mu.Lock()
		l.lost = true
		l.mu.Unlock()
	case <-l.released:
	}
}

// Release gives the lease back; it reports whether it was still held.
func (l *Lease) Release() bool {
	if !l.t.Stop() {
		<-l.t.C
	}
	close(l.released)
	l.mu.Lock()
	defer l.mu.Unlock()
	return !l.lost
}

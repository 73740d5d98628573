package tokenbucket_03

import (
	"sync"
	"time"
)

// Limiter allows burst operations per interval; callers beyond that
// wait for the next refill.
type Limiter struct {
	mu       sync.Mutex
	burst    int
	avail    int
	waiting  int
	refilled chan struct{}
	stop     chan struct{}
}

// New starts a limiter that refills to burst every interval.
func New(burst int, every time.Duration) *Limiter {
	l := &Limiter{burst: burst, avail: burst, refilled: make(chan struct{}), stop: make(chan struct{})}
	go l.loop(every)
	return l
}

// Acquire takes one permit, waiting for a refill when none is left.
func (l *Limiter) Acquire() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.avail == 0 {
		l.waiting++
		<-l.refilled
		l.waiting--
	}
	l.avail--
}

func (l *Limiter) loop(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			l.mu.Lock()
			l.avail = l.burst
			for i := 0; i < l.waiting; i++ {
				l.refilled <- struct{}{}
			}
			l.mu.Unlock()
		case <-l.stop:
			return
		}
	}
}

// Close stops the refill loop.
func (l *Limiter) Close() { close(l.stop) }

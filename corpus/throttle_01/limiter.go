// Package throttle_01 limits the rate of outgoing calls with a bucket of
// tokens that a background goroutine refills on a ticker.
package throttle_01

import "time"

// Limiter hands out tokens; a refill goroutine adds one per interval.
type Limiter struct {
	tokens chan struct{}
	stop   chan struct{}
	exited chan struct{}
}

// NewLimiter starts with a full bucket of burst tokens.
func NewLimiter(burst int, every time.Duration) *Limiter {
	l := &Limiter{
		tokens: make(chan struct{}, burst),
		stop:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	for i := 0; i < burst; i++ {
		l.tokens <- struct{}{}
	}
	go l.refill(every)
	return l
}

func (l *Limiter) refill(every time.Duration) {
	defer close(l.exited)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			select {
			case l.tokens <- struct{}{}:
			default:
			}
		case <-l.stop:
			return
		}
	}
}

// Wait blocks until a token is available.
func (l *Limiter) Wait() {
	<-l.tokens
}

// Close stops the refill goroutine.
func (l *Limiter) Close() {
	close(l.stop)
	<-l.exited
}

package tokenbucket_01

import (
	"context"
	"sync"
	"time"
)

// Limiter hands out at most one token per interval, with a burst.
type Limiter struct {
	tokens chan struct{}
	stop   chan struct{}
	wg     sync.WaitGroup
}

// New returns a limiter holding burst tokens, refilled one per interval.
func New(burst int, every time.Duration) *Limiter {
	l := &Limiter{tokens: make(chan struct{}, burst), stop: make(chan struct{})}
	for i := 0; i < burst; i++ {
		l.tokens <- struct{}{}
	}
	l.wg.Add(1)
	go l.refill(every)
	return l
}

func (l *Limiter) refill(every time.Duration) {
	defer l.wg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			select {
			case l.tokens <- struct{}{}:
			default:
			}
		case <-l.stop:
			return
		}
	}
}

// Wait takes a token, or returns ctx's error if ctx ends first.
func (l *Limiter) Wait(ctx context.Context) error {
	select {
	case <-l.tokens:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops the refill.
func (l *Limiter) Close() {
	close(l.stop)
	l.wg.Wait()
}

package msgbucket_21

import (
	"sync"
	"time"
)

// Limiter hands out tokens from a bucket that a background goroutine
// refills once per interval, up to burst tokens.
type Limiter struct {
	tokens chan struct{}
	quit   chan struct{}
	done   chan struct{}
}

func NewLimiter(burst int, every time.Duration) *Limiter {
	l := &Limiter{
		tokens: make(chan struct{}, burst),
		quit:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	for i := 0; i < burst; i++ {
		l.tokens <- struct{}{}
	}
	go l.refill(every)
	return l
}

func (l *Limiter) refill(every time.Duration) {
	defer close(l.done)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			select {
			case l.tokens <- struct{}{}:
			default:
			}
		case <-l.quit:
			return
		}
	}
}

// Wait takes one token, blocking until one is available.
func (l *Limiter) Wait() { <-l.tokens }

// Stop ends the refill goroutine and waits for it.
func (l *Limiter) Stop() {
	close(l.quit)
	<-l.done
}

// Sender delivers messages through a shared limiter.
type Sender struct {
	lim  *Limiter
	mu   sync.Mutex
	sent []string
}

func (s *Sender) Send(msg string) {
	s.lim.Wait()
	s.mu.Lock()
	s.sent = append(s.sent, msg)
	s.mu.Unlock()
}

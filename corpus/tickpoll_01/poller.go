package tickpoll_01

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Poller checks a readiness function at a steady interval.
type Poller struct {
	Interval time.Duration
	Check    func() (bool, error)
}

// WaitReady polls until Check reports ready, fails, or ctx ends. It
// returns the number of checks made.
func (p *Poller) WaitReady(ctx context.Context) (int, error) {
	t := time.NewTicker(p.Interval)
	defer t.Stop()
	attempts := 0
	for {
		attempts++
		ok, err := p.Check()
		if err != nil {
			return attempts, err
		}
		if ok {
			return attempts, nil
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return attempts, ctx.Err()
		}
	}
}

// Service becomes ready some time after Start.
type Service struct {
	ready atomic.Bool
	wg    sync.WaitGroup
	stop  chan struct{}
}

// Start brings the service up in the background; it is ready after warmup.
func (s *Service) Start(warmup time.Duration) {
	s.stop = make(chan struct{})
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTimer(warmup)
		defer t.Stop()
		select {
		case <-t.C:
			s.ready.Store(true)
		case <-s.stop:
		}
	}()
}

// Ready reports whether warmup has finished.
func (s *Service) Ready() (bool, error) { return s.ready.Load(), nil }

// Stop cancels a warmup still in progress and waits for it.
func (s *Service) Stop() {
	close(s.stop)
	s.wg.Wait()
}

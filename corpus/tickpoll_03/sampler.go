package tickpoll_03

import (
	"sync"
	"time"
)

// Sampler reads a gauge at a steady interval and keeps the readings.
type Sampler struct {
	gauge    func() int
	mu       sync.Mutex
	readings []int
	stopping bool
	done     chan struct{}
}

// NewSampler starts sampling gauge every interval.
func NewSampler(gauge func() int, every time.Duration) *Sampler {
	s := &Sampler{gauge: gauge, done: make(chan struct{})}
	go s.loop(every)
	return s
}

func (s *Sampler) loop(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	defer close(s.done)
	for range t.C {
		if s.stopping {
			return
		}
		v := s.gauge()
		s.mu.Lock()
		s.readings = append(s.readings, v)
		s.mu.Unlock()
	}
}

// Stop ends sampling and waits for the loop to finish.
func (s *Sampler) Stop() {
	s.stopping = true
	<-s.done
}

// Readings returns a copy of the readings so far.
func (s *Sampler) Readings() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.readings...)
}

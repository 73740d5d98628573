package metricsink_21

import "sync"

// Sample is one measurement.
type Sample struct {
	Name  string
	Value float64
}

// Sink forwards samples to an aggregator goroutine and keeps totals
// that both sides update.
type Sink struct {
	mu       sync.Mutex
	queued   int
	received int
	sum      float64
	samples  chan Sample
	done     chan struct{}
}

func NewSink() *Sink {
	s := &Sink{samples: make(chan Sample), done: make(chan struct{})}
	go s.aggregate()
	return s
}

func (s *Sink) aggregate() {
	defer close(s.done)
	for smp := range s.samples {
		s.mu.Lock()
		s.received++
		s.sum += smp.Value
		s.mu.Unlock()
	}
}

// Emit queues a sample; the queued counter and the hand-off happen
// under one lock so that queued never lags behind received.
func (s *Sink) Emit(smp Sample) {
	s.mu.Lock()
	s.queued++
	s.samples <- smp
	s.mu.Unlock()
}

// Close stops the aggregator and returns the sum of all samples.
func (s *Sink) Close() float64 {
	close(s.samples)
	<-s.done
	return s.sum
}

package batcher_01

import (
	"sync"
	"time"
)

// Sink receives batches.
type Sink struct {
	mu      sync.Mutex
	batches [][]string
}

// Write stores one batch.
func (s *Sink) Write(b []string) {
	s.mu.Lock()
	s.batches = append(s.batches, b)
	s.mu.Unlock()
}

// Stats returns the number of batches and of items written.
func (s *Sink) Stats() (int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, b := range s.batches {
		n += len(b)
	}
	return len(s.batches), n
}

// Batcher groups items and writes a batch when it is full or when the
// flush interval passes.
type Batcher struct {
	in   chan string
	done chan struct{}
}

// New starts a batcher writing to sink.
func New(sink *Sink, size int, every time.Duration) *Batcher {
	b := &Batcher{in: make(chan string), done: make(chan struct{})}
	go b.loop(sink, size, every)
	return b
}

// Add hands an item to the batcher.
func (b *Batcher) Add(item string) { b.in <- item }

// Close writes what is pending and stops the batcher.
func (b *Batcher) Close() {
	close(b.in)
	<-b.done
}

func (b *Batcher) loop(sink *Sink, size int, every time.Duration) {
	defer close(b.done)
	t := time.NewTicker(every)
	defer t.Stop()
	var pending []string
	flush := func() {
		if len(pending) > 0 {
			sink.Write(pending)
			pending = nil
		}
	}
	for {
		select {
		case item, ok := <-b.in:
			if !ok {
				flush()
				return
			}
			pending = append(pending, item)
			if len(pending) == size {
				flush()
			}
		case <-t.C:
			flush()
		}
	}
}

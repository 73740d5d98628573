package shutdown_04

import "sync"

// Service consumes events on a background worker and keeps counts.
type Service struct {
	mu     sync.Mutex
	counts map[string]int
	events chan string
	quit   chan struct{}
	wg     sync.WaitGroup
}

// Start launches the worker.
func Start() *Service {
	s := &Service{counts: make(map[string]int), events: make(chan string, 8), quit: make(chan struct{})}
	s.wg.Add(1)
	go s.worker()
	return s
}

// Send queues an event.
func (s *Service) Send(ev string) { s.events <- ev }

func (s *Service) worker() {
	defer s.wg.Done()
	for {
		select {
		case ev := <-s.events:
			s.record(ev)
		case <-s.quit:
			s.record("worker-exit")
			return
		}
	}
}

func (s *Service) record(k string) {
	s.mu.Lock()
	s.counts[k]++
	s.mu.Unlock()
}

// Stop shuts the worker down and returns the final counts.
func (s *Service) Stop() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.quit)
	s.wg.Wait()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

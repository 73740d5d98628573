package startgate_21

import (
	"sort"
	"sync"
)

// Service starts in the background; callers wait until it is ready.
type Service struct {
	mu    sync.Mutex
	ready *sync.Cond
	index []string
}

func NewService() *Service {
	s := &Service{}
	s.ready = sync.NewCond(&s.mu)
	return s
}

// Start builds the index in the background and announces readiness.
func (s *Service) Start(words []string) {
	go func() {
		idx := append([]string(nil), words...)
		sort.Strings(idx)
		s.mu.Lock()
		s.index = idx
		s.mu.Unlock()
		s.ready.Broadcast()
	}()
}

// WaitReady waits for the announcement from Start.
func (s *Service) WaitReady() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ready.Wait()
}

// Has reports whether word is in the index.
func (s *Service) Has(word string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := sort.SearchStrings(s.index, word)
	return i < len(s.index) && s.index[i] == word
}

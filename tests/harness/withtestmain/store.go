// Package store is an in-memory key-value store with a background writer.
package store

import "sync"

// Store holds string values.
type Store struct {
	mu     sync.Mutex
	data   map[string]string
	writes chan [2]string
	done   chan struct{}
}

// Open starts a store.
func Open() *Store {
	s := &Store{data: map[string]string{}, writes: make(chan [2]string), done: make(chan struct{})}
	go s.writer()
	return s
}

func (s *Store) writer() {
	defer close(s.done)
	for kv := range s.writes {
		s.mu.Lock()
		s.data[kv[0]] = kv[1]
		s.mu.Unlock()
	}
}

// Put stores v under k.
func (s *Store) Put(k, v string) { s.writes <- [2]string{k, v} }

// Get returns the value under k.
func (s *Store) Get(k string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.data[k]
	return v, ok
}

// Close stops the writer after the pending writes.
func (s *Store) Close() {
	close(s.writes)
	<-s.done
}

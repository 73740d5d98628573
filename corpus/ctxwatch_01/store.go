package ctxwatch_01

import (
	"context"
	"sync"
)

// Event is a change to one key.
type Event struct {
	Key   string
	Value string
	Rev   int
}

// Store is a versioned key-value map that notifies watchers.
type Store struct {
	mu   sync.Mutex
	rev  int
	data map[string]string
	subs map[string][]chan Event
}

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{data: map[string]string{}, subs: map[string][]chan Event{}}
}

// Put sets key and notifies its watchers; a watcher that is behind
// misses the event.
func (s *Store) Put(key, value string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rev++
	s.data[key] = value
	ev := Event{Key: key, Value: value, Rev: s.rev}
	for _, ch := range s.subs[key] {
		select {
		case ch <- ev:
		default:
		}
	}
	return s.rev
}

// Watch streams the changes to key until ctx ends.
func (s *Store) Watch(ctx context.Context, key string) <-chan Event {
	sub := make(chan Event, 4)
	s.mu.Lock()
	s.subs[key] = append(s.subs[key], sub)
	s.mu.Unlock()

	out := make(chan Event)
	go func() {
		defer close(out)
		for ev := range sub {
			select {
			case out <- ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

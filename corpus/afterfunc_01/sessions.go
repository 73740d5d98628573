package afterfunc_01

import (
	"sync"
	"time"
)

type session struct {
	user  string
	timer *time.Timer
}

// Store keeps sessions that expire after a period without use.
type Store struct {
	mu      sync.Mutex
	ttl     time.Duration
	live    map[string]*session
	expired []string
}

// NewStore returns a store whose sessions live ttl after their last use.
func NewStore(ttl time.Duration) *Store {
	return &Store{ttl: ttl, live: make(map[string]*session)}
}

// Open starts a session for user under id.
func (s *Store) Open(id, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := &session{user: user}
	sess.timer = time.AfterFunc(s.ttl, func() { s.expire(id, sess) })
	s.live[id] = sess
}

// Touch marks the session as used, pushing its expiry back.
func (s *Store) Touch(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.live[id]
	if !ok {
		return false
	}
	sess.timer.Reset(s.ttl)
	return true
}

func (s *Store) expire(id string, sess *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live[id] != sess {
		return
	}
	delete(s.live, id)
	s.expired = append(s.expired, id)
}

// Len returns the number of live sessions.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.live)
}

// Close stops every pending expiry and returns the ids that expired.
func (s *Store) Close() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, sess := range s.live {
		sess.timer.Stop()
		delete(s.live, id)
	}
	return s.expired
}

package sessionstore_21

import (
	"strings"
	"sync"
)

// Session is the server-side state of one logged-in user.
type Session struct {
	User  string
	Views int
}

// Store keeps sessions by token and creates them on first sight.
type Store struct {
	mu       sync.RWMutex
	sessions map[string]*Session
	created  int
}

func NewStore() *Store {
	return &Store{sessions: make(map[string]*Session)}
}

// Touch returns the session for token, creating it if needed.
func (s *Store) Touch(token, user string) *Session {
	s.mu.RLock()
	sess, ok := s.sessions[token]
	if !ok {
		s.mu.Lock()
		sess = &Session{User: user}
		s.sessions[token] = sess
		s.created++
		s.mu.Unlock()
	}
	s.mu.RUnlock()
	return sess
}

// Count reports how many sessions exist.
func (s *Store) Count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.sessions)
}

func tokenFor(user string) string {
	return "tok-" + strings.ToLower(user)
}

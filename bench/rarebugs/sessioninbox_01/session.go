// Package sessioninbox_01 is a client session whose server loop takes
// messages from an inbox until the session is closed.
package sessioninbox_01

import "sync"

// Session delivers messages to its serving loop.
type Session struct {
	mu     sync.Mutex
	closed bool
	got    []string
	inbox  chan string
	quit   chan struct{}
}

// Open starts a session.
func Open() *Session {
	s := &Session{inbox: make(chan string), quit: make(chan struct{})}
	go s.serve()
	return s
}

func (s *Session) serve() {
	for {
		select {
		case m := <-s.inbox:
			s.mu.Lock()
			s.got = append(s.got, m)
			s.mu.Unlock()
		case <-s.quit:
			return
		}
	}
}

// Send hands m to the session; it reports false once the session is closed.
func (s *Session) Send(m string) bool {
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return false
	}
	s.inbox <- m
	return true
}

// Close ends the session and returns the messages it received.
func (s *Session) Close() []string {
	s.mu.Lock()
	s.closed = true
	got := append([]string(nil), s.got...)
	s.mu.Unlock()
	close(s.quit)
	return got
}

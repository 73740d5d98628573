// Package readiness_01 starts a service in the background and announces when
// its listeners are ready.
package readiness_01

import (
	"errors"
	"strconv"
	"sync"
)

// Service binds a set of ports; a helper goroutine waits for readiness and
// records the time-ordered list of events.
type Service struct {
	Ports  []string
	ready  chan struct{}
	mu     sync.Mutex
	events []string
	bound  []int
}

// New creates a service for the given ports.
func New(ports ...string) *Service {
	return &Service{Ports: ports, ready: make(chan struct{})}
}

func (s *Service) log(ev string) {
	s.mu.Lock()
	s.events = append(s.events, ev)
	s.mu.Unlock()
}

func (s *Service) announce() {
	<-s.ready
	s.log("ready")
}

// Start binds every port and signals readiness once all are bound.
func (s *Service) Start() error {
	go s.announce()
	for _, p := range s.Ports {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return errors.New("invalid port " + strconv.Quote(p))
		}
		s.bound = append(s.bound, n)
		s.log("bound " + p)
	}
	close(s.ready)
	return nil
}

// Events returns a copy of the event log.
func (s *Service) Events() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.events...)
}

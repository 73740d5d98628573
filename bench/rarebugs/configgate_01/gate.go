// Package configgate_01 serves requests once a background loader has read
// the configuration; requests that arrive early wait at a gate.
package configgate_01

import (
	"sync"
	"sync/atomic"
)

// Gate lets callers through once it has been opened.
type Gate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open atomic.Bool
}

// NewGate makes a closed gate.
func NewGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// Pass returns once the gate is open.
func (g *Gate) Pass() {
	if g.open.Load() {
		return
	}
	g.mu.Lock()
	g.cond.Wait()
	g.mu.Unlock()
}

// Open lets every caller through, now and later.
func (g *Gate) Open() {
	g.open.Store(true)
	g.mu.Lock()
	g.cond.Broadcast()
	g.mu.Unlock()
}

// Server answers lookups from its configuration.
type Server struct {
	gate *Gate
	conf map[string]int
}

// Start makes a server and loads its configuration in the background.
func Start(lines []string) *Server {
	s := &Server{gate: NewGate(), conf: map[string]int{}}
	go func() {
		for i, l := range lines {
			s.conf[l] = checksum(l) + i
		}
		s.gate.Open()
	}()
	return s
}

// Lookup returns the value configured for key, waiting for the load.
func (s *Server) Lookup(key string) int {
	s.gate.Pass()
	return s.conf[key]
}

func checksum(s string) int {
	h := 7
	for r := 0; r < 40; r++ {
		for i := 0; i < len(s); i++ {
			h = h*31 + int(s[i])
		}
	}
	return h & 0xffff
}

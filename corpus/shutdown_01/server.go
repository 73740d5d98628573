package shutdown_01

import (
	"bufio"
	"context"
	"net"
	"strings"
	"sync"
)

// Server upper-cases each line a client sends.
type Server struct {
	ln     net.Listener
	wg     sync.WaitGroup
	mu     sync.Mutex
	served int
}

// Listen opens the server on a loopback port.
func Listen() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	return &Server{ln: ln}, nil
}

// Addr is the address clients dial.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Serve accepts connections until the listener is closed.
func (s *Server) Serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go s.handle(c)
	}
}

// Start runs Serve in the background.
func (s *Server) Start() {
	s.wg.Add(1)
	go s.Serve()
}

func (s *Server) handle(c net.Conn) {
	defer s.wg.Done()
	defer c.Close()
	r := bufio.NewScanner(c)
	for r.Scan() {
		if _, err := c.Write([]byte(strings.ToUpper(r.Text()) + "\n")); err != nil {
			return
		}
		s.mu.Lock()
		s.served++
		s.mu.Unlock()
	}
}

// Shutdown stops accepting and waits for open connections to finish,
// or for ctx to end.
func (s *Server) Shutdown(ctx context.Context) (int, error) {
	s.ln.Close()
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.served, nil
}

package shutdown_03

import (
	"context"
	"sync"
	"time"
)

// Request asks the server for a report that takes Work to build.
type Request struct {
	Name string
	Work time.Duration
}

// Response is the finished report.
type Response struct {
	Name string
	Size int
}

// Server builds reports in the background.
type Server struct {
	wg sync.WaitGroup
	mu sync.Mutex
	n  int
}

// Handle starts building the report and returns where it will arrive.
func (s *Server) Handle(req Request) <-chan Response {
	out := make(chan Response)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		time.Sleep(req.Work)
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
		out <- Response{Name: req.Name, Size: len(req.Name) * 100}
	}()
	return out
}

// Shutdown waits for reports in progress, or for ctx to end.
func (s *Server) Shutdown(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Client asks for a report and waits at most patience for it.
func Client(s *Server, req Request, patience time.Duration) (Response, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	select {
	case r := <-s.Handle(req):
		return r, true
	case <-ctx.Done():
		return Response{}, false
	}
}

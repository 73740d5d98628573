package shutdown_01

import (
	"bufio"
	"context"
	"net"
	"sync"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	s, err := Listen()
	if err != nil {
		t.Skip(err)
	}
	s.Start()
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.Dial("tcp", s.Addr())
			if err != nil {
				t.Error(err)
				return
			}
			defer c.Close()
			r := bufio.NewReader(c)
			for _, w := range []string{"ping", "pong"} {
				c.Write([]byte(w + "\n"))
				if _, err := r.ReadString('\n'); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	n, err := s.Shutdown(ctx)
	if err != nil || n != 6 {
		t.Fatalf("served %d, %v", n, err)
	}
}

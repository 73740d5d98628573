package msgbucket_21

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	lim := NewLimiter(3, time.Millisecond)
	defer lim.Stop()
	s := &Sender{lim: lim}
	var wg sync.WaitGroup
	for c := 0; c < 3; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < 4; i++ {
				s.Send(fmt.Sprintf("client%d-msg%d", c, i))
			}
		}(c)
	}
	wg.Wait()
	if len(s.sent) != 12 {
		t.Fatalf("sent %d messages", len(s.sent))
	}
}

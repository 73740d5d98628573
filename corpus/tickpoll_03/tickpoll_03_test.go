package tickpoll_03

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	var level atomic.Int64
	s := NewSampler(func() int { return int(level.Add(1)) }, time.Millisecond)
	time.Sleep(4 * time.Millisecond)
	s.Stop()
	r := s.Readings()
	for i := 1; i < len(r); i++ {
		if r[i] <= r[i-1] {
			t.Fatalf("readings out of order: %v", r)
		}
	}
}

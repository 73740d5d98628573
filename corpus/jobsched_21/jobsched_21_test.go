package jobsched_21

import (
	"fmt"
	"testing"
)

func TestRun(t *testing.T) {
	s := NewScheduler(3)
	want := 0
	for i := 0; i < 15; i++ {
		n := i
		want += n * n
		s.Submit(Job{
			Name:     fmt.Sprintf("job-%d", i),
			Priority: (i * 7) % 5,
			Run:      func() int { return n * n },
		})
	}
	if got := s.Shutdown(); got != want {
		t.Fatalf("total = %d, want %d", got, want)
	}
}

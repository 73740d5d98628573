package shutdown_04

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	s := Start()
	for _, ev := range []string{"login", "click", "click", "logout"} {
		s.Send(ev)
	}
	time.Sleep(time.Millisecond)
	counts := s.Stop()
	if counts["click"] != 2 || counts["worker-exit"] != 1 {
		t.Fatalf("counts: %v", counts)
	}
}

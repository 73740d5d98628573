package afterfunc_01

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	s := NewStore(5 * time.Millisecond)
	s.Open("s1", "ann")
	s.Open("s2", "bob")
	s.Open("s3", "cyd")
	deadline := time.Now().Add(200 * time.Millisecond)
	for s.Len() > 1 && time.Now().Before(deadline) {
		s.Touch("s2")
		time.Sleep(500 * time.Microsecond)
	}
	if !s.Touch("s2") {
		t.Fatal("s2 expired while in use")
	}
	expired := s.Close()
	if len(expired) != 2 {
		t.Fatalf("expired: %v", expired)
	}
}

package eventloop_01

import "testing"

func TestRun(t *testing.T) {
	s := NewSessions()
	s.Open("ana")
	s.Open("ana")
	s.Open("ben")
	s.Close("ana")
	s.Close("carl")
	if n := s.Count("ana"); n != 1 {
		t.Fatalf("ana has %d sessions", n)
	}
	if n := s.Count("ben"); n != 1 {
		t.Fatalf("ben has %d sessions", n)
	}
}

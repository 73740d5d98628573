package readiness_01

import "testing"

func TestRun(t *testing.T) {
	s := New("8080", "http", "9090")
	if err := s.Start(); err == nil {
		t.Fatal("expected an invalid port error")
	}
	if ev := s.Events(); len(ev) != 1 || ev[0] != "bound 8080" {
		t.Fatalf("events %v", ev)
	}
}

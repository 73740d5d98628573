package errfirst_01

import "testing"

func TestRun(t *testing.T) {
	ok := []Check{Probe("disk", 50, -1), Probe("net", 20, -1), Probe("db", 80, -1)}
	if err := RunAll(ok); err != nil {
		t.Fatalf("unexpected %v", err)
	}
	bad := []Check{Probe("disk", 50, -1), Probe("net", 20, 3), Probe("db", 8000, -1)}
	if err := RunAll(bad); err == nil {
		t.Fatal("expected a failure")
	}
}

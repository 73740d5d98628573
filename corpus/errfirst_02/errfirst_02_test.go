package errfirst_02

import "testing"

func TestRun(t *testing.T) {
	hosts := []Host{
		{"web-1", 40, "v2.3"},
		{"web-2", 35, "v2.3"},
		{"web-3", 50, "v2.4"},
		{"db-1", 4, "v2.3"},
	}
	if err := Preflight(hosts); err == nil {
		t.Fatal("db-1 should fail preflight")
	}
	if err := Preflight(hosts[:3]); err != nil {
		t.Fatalf("web hosts: %v", err)
	}
}

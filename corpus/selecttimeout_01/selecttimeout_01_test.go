package selecttimeout_01

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	table := map[string]string{"db.local": "10.0.0.5", "cache.local": "10.0.0.9"}
	fast := &Resolver{Backend: &Backend{Delay: 0, Table: table}, Timeout: 20 * time.Millisecond}
	slow := &Resolver{Backend: &Backend{Delay: 5 * time.Millisecond, Table: table}, Timeout: time.Millisecond}

	addr, err := fast.Lookup("db.local")
	if err != nil || addr != "10.0.0.5" {
		t.Fatalf("fast lookup: %q %v", addr, err)
	}
	if _, err := slow.Lookup("cache.local"); err != ErrTimeout {
		t.Fatalf("slow lookup: want timeout, got %v", err)
	}
}

package shutdown_03

import (
	"context"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	s := &Server{}
	if r, ok := Client(s, Request{"daily", 500 * time.Microsecond}, 50*time.Millisecond); !ok || r.Size != 500 {
		t.Fatalf("daily: %+v %v", r, ok)
	}
	if _, ok := Client(s, Request{"yearly", 10 * time.Millisecond}, time.Millisecond); ok {
		t.Fatal("yearly report arrived too soon")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Logf("shutdown: %v", err)
	}
}

package ctxwatch_01

import (
	"context"
	"testing"
)

func TestRun(t *testing.T) {
	s := NewStore()
	ctx, cancel := context.WithCancel(context.Background())
	w := s.Watch(ctx, "config/mode")
	s.Put("config/mode", "read-only")
	s.Put("config/other", "x")
	s.Put("config/mode", "read-write")
	first, second := <-w, <-w
	cancel()
	if first.Value != "read-only" || second.Value != "read-write" || second.Rev != 3 {
		t.Fatalf("events: %+v %+v", first, second)
	}
}

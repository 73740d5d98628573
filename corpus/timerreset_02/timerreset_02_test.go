package timerreset_02

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	var calls atomic.Int32
	s := Start(time.Millisecond, func() { calls.Add(1) })
	defer s.Close()
	if n := <-s.Runs(); n != 1 {
		t.Fatalf("first run: %d", n)
	}
	s.Reschedule(2 * time.Millisecond)
	if n := <-s.Runs(); n != 2 {
		t.Fatalf("second run: %d", n)
	}
	if calls.Load() != 2 {
		t.Fatalf("calls: %d", calls.Load())
	}
}

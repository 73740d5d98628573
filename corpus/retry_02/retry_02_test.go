package retry_02

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	var calls atomic.Int32
	op := func() (string, error) {
		if calls.Add(1) <= 2 {
			time.Sleep(8 * time.Millisecond)
		}
		return "ok", nil
	}
	c := &Client{PerTry: 2 * time.Millisecond, Attempts: 4, Backoff: 100 * time.Microsecond}
	body, err := c.Get(op)
	if err != nil || body != "ok" {
		t.Fatalf("get: %q %v", body, err)
	}
	if calls.Load() != 3 {
		t.Fatalf("calls: %d", calls.Load())
	}
}

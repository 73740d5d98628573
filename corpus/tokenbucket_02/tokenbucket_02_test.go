package tokenbucket_02

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	h := &Handler{b: NewBucket(3, time.Millisecond)}
	for i := 0; i < 5; i++ {
		h.Serve("/status")
	}
	if h.Served != 3 || h.Rejected != 2 {
		t.Fatalf("served %d rejected %d", h.Served, h.Rejected)
	}
	time.Sleep(3 * time.Millisecond)
	if code := h.Serve("/status"); code != 200 {
		t.Fatalf("after refill: %d", code)
	}
}

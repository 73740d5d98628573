package selecttimeout_02

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	v, err := Quote(Pricer{Base: 2.5}, 100, 50*time.Millisecond)
	if err != nil || v != 225 {
		t.Fatalf("fast quote: %v %v", v, err)
	}
	if _, err := Quote(Pricer{Latency: 5 * time.Millisecond, Base: 1}, 3, time.Millisecond); err != ErrSlow {
		t.Fatalf("slow quote: want ErrSlow, got %v", err)
	}
}

package timerreset_01

import (
	"context"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	c := Open(context.Background(), 3*time.Millisecond)
	for i := 0; i < 5; i++ {
		if !c.Write(100) {
			t.Fatal("closed while active")
		}
		time.Sleep(500 * time.Microsecond)
	}
	<-c.Closed()
	if n, why := c.Stats(); n != 500 || why != "idle" {
		t.Fatalf("stats: %d %q", n, why)
	}
	if c.Write(1) {
		t.Fatal("write after close accepted")
	}

	ctx, cancel := context.WithCancel(context.Background())
	c = Open(ctx, time.Second)
	c.Write(10)
	cancel()
	<-c.Closed()
	if _, why := c.Stats(); why != "cancelled" {
		t.Fatalf("reason: %q", why)
	}
}

package heartbeat_01

import (
	"context"
	"sync"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	m := NewMonitor(ctx, 6*time.Millisecond, time.Millisecond)

	var wg sync.WaitGroup
	quiet, stopQuiet := context.WithCancel(ctx)
	wg.Add(2)
	go RunPeer(ctx, m, "alpha", time.Millisecond, &wg)
	go RunPeer(quiet, m, "beta", time.Millisecond, &wg)
	time.Sleep(3 * time.Millisecond)
	stopQuiet()

	deadline := time.Now().Add(200 * time.Millisecond)
	for len(m.Down()) == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	down := m.Down()
	cancel()
	wg.Wait()
	m.Wait()
	if len(down) != 1 || down[0] != "beta" {
		t.Fatalf("down: %v", down)
	}
}

package heartbeat_02

import (
	"context"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	beats := Emit("db", time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := WaitHealthy(ctx, beats, 3, 20*time.Millisecond); err != nil {
		t.Fatalf("db not healthy: %v", err)
	}
}

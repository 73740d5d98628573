package tickpoll_01

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	var fast Service
	fast.Start(3 * time.Millisecond)
	p := &Poller{Interval: time.Millisecond, Check: fast.Ready}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	n, err := p.WaitReady(ctx)
	cancel()
	fast.Stop()
	if err != nil || n < 2 {
		t.Fatalf("fast service: %d checks, %v", n, err)
	}

	var slow Service
	slow.Start(time.Second)
	p = &Poller{Interval: time.Millisecond, Check: slow.Ready}
	ctx, cancel = context.WithTimeout(context.Background(), 4*time.Millisecond)
	_, err = p.WaitReady(ctx)
	cancel()
	slow.Stop()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("slow service: %v", err)
	}
}

package retry_01

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	p := Policy{Attempts: 5, Base: 100 * time.Microsecond, Max: time.Millisecond}
	errBusy := errors.New("busy")

	calls := 0
	n, err := Do(context.Background(), p, func(context.Context) error {
		calls++
		if calls < 3 {
			return errBusy
		}
		return nil
	})
	if err != nil || n != 3 {
		t.Fatalf("flaky op: %d %v", n, err)
	}

	n, err = Do(context.Background(), p, func(context.Context) error { return Permanent{errors.New("bad input")} })
	if err == nil || n != 1 {
		t.Fatalf("permanent: %d %v", n, err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Millisecond)
	defer cancel()
	slow := Policy{Attempts: 10, Base: time.Millisecond, Max: 50 * time.Millisecond}
	_, err = Do(ctx, slow, func(context.Context) error { return errBusy })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("deadline: %v", err)
	}
}

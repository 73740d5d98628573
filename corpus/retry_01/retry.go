package retry_01

import (
	"context"
	"errors"
	"time"
)

// Policy says how often and how patiently to retry.
type Policy struct {
	Attempts int
	Base     time.Duration
	Max      time.Duration
}

// Permanent wraps an error that must not be retried.
type Permanent struct{ Err error }

func (p Permanent) Error() string { return "permanent: " + p.Err.Error() }

// Do calls op until it succeeds, returns a permanent error, runs out of
// attempts, or ctx ends. The wait doubles after each failure.
func Do(ctx context.Context, p Policy, op func(context.Context) error) (int, error) {
	wait := p.Base
	var err error
	for attempt := 1; attempt <= p.Attempts; attempt++ {
		err = op(ctx)
		if err == nil {
			return attempt, nil
		}
		var perm Permanent
		if errors.As(err, &perm) {
			return attempt, perm.Err
		}
		if attempt == p.Attempts {
			break
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return attempt, ctx.Err()
		}
		wait *= 2
		if wait > p.Max {
			wait = p.Max
		}
	}
	return p.Attempts, err
}

package hedge_01

import (
	"context"
	"errors"
	"time"
)

// Replica answers a query after its latency.
type Replica struct {
	Name    string
	Latency time.Duration
}

// Query asks the replica, giving up if ctx ends first.
func (r Replica) Query(ctx context.Context, q string) (string, error) {
	t := time.NewTimer(r.Latency)
	defer t.Stop()
	select {
	case <-t.C:
		return r.Name + ":" + q, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

type answer struct {
	val string
	err error
}

// Hedged sends q to the first replica and, each time delay passes without
// an answer, to the next one. The first answer wins; the others are
// cancelled.
func Hedged(ctx context.Context, replicas []Replica, q string, delay time.Duration) (string, error) {
	if len(replicas) == 0 {
		return "", errors.New("no replicas")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	answers := make(chan answer, len(replicas))
	launch := func(r Replica) {
		go func() {
			v, err := r.Query(ctx, q)
			answers <- answer{v, err}
		}()
	}
	launch(replicas[0])
	next, inflight := 1, 1
	timer := time.NewTimer(delay)
	defer timer.Stop()
	var lastErr error
	for inflight > 0 {
		select {
		case a := <-answers:
			inflight--
			if a.err == nil {
				return a.val, nil
			}
			lastErr = a.err
		case <-timer.C:
			if next < len(replicas) {
				launch(replicas[next])
				next++
				inflight++
				timer.Reset(delay)
			}
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	return "", lastErr
}

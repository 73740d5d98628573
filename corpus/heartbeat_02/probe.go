package heartbeat_02

import (
	"context"
	"time"
)

// Beat is one sign of life from a component.
type Beat struct {
	From string
	Seq  int
}

// Emit sends a beat every interval on the returned channel.
func Emit(name string, every time.Duration) <-chan Beat {
	out := make(chan Beat)
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		seq := 0
		for range t.C {
			seq++
			out <- Beat{From: name, Seq: seq}
		}
	}()
	return out
}

// WaitHealthy returns nil once n consecutive beats arrived no more than
// gap apart, or ctx's error.
func WaitHealthy(ctx context.Context, beats <-chan Beat, n int, gap time.Duration) error {
	streak, prev := 0, 0
	var last time.Time
	for streak < n {
		select {
		case b := <-beats:
			now := time.Now()
			if streak > 0 && (now.Sub(last) > gap || b.Seq != prev+1) {
				streak = 0
			}
			last, prev = now, b.Seq
			streak++
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

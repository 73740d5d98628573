// Package first returns the first answer of several sources.
package first

import (
	"context"
	"time"
)

// Source computes a value.
type Source func() int

// First runs every source and returns the value of the one that finishes
// first, or the context's error.
func First(ctx context.Context, sources ...Source) (int, error) {
	results := make(chan int)
	for _, s := range sources {
		go func() { results <- s() }()
	}
	select {
	case v := <-results:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Delayed returns a source that answers v after d.
func Delayed(v int, d time.Duration) Source {
	return func() int {
		time.Sleep(d)
		return v
	}
}

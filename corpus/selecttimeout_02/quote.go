// Package selecttimeout_02 fetches price quotes from pricing backends and
// returns an error when a backend is slower than the caller's budget.
package selecttimeout_02

import (
	"errors"
	"time"
)

// ErrSlow is returned when a quote does not arrive in time.
var ErrSlow = errors.New("quote not ready in time")

// Pricer computes a price after some latency.
type Pricer struct {
	Latency time.Duration
	Base    float64
}

func (p Pricer) price(qty int) float64 {
	time.Sleep(p.Latency)
	total := p.Base * float64(qty)
	if qty >= 100 {
		total *= 0.9
	}
	return total
}

// Quote asks the pricer for a price and waits at most budget for it.
func Quote(p Pricer, qty int, budget time.Duration) (float64, error) {
	ch := make(chan float64)
	go func() {
		ch <- p.price(qty)
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(budget):
		return 0, ErrSlow
	}
}

package ctxfetch_02

import (
	"context"
	"errors"
	"time"
)

// Provider quotes a price after some latency.
type Provider struct {
	Name    string
	Latency time.Duration
	Price   int
}

type quote struct {
	name  string
	price int
}

// ErrNoQuote is returned when no provider answered in time.
var ErrNoQuote = errors.New("no quote received")

// BestQuote asks every provider at once and returns the lowest price
// received before the wait is over.
func BestQuote(ctx context.Context, providers []Provider, wait time.Duration) (string, int, error) {
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()

	quotes := make(chan quote)
	for _, p := range providers {
		go func(p Provider) {
			time.Sleep(p.Latency)
			quotes <- quote{p.Name, p.Price}
		}(p)
	}

	best := quote{price: -1}
	for received := 0; received < len(providers); received++ {
		select {
		case q := <-quotes:
			if best.price < 0 || q.price < best.price {
				best = q
			}
		case <-ctx.Done():
			if best.price < 0 {
				return "", 0, ErrNoQuote
			}
			return best.name, best.price, nil
		}
	}
	return best.name, best.price, nil
}

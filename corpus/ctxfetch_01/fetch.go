package ctxfetch_01

import (
	"context"
	"errors"
	"time"
)

// Record is what the backend returns for a key.
type Record struct {
	Key   string
	Value int
}

// Backend answers lookups after a set delay.
type Backend struct {
	Delay time.Duration
	Data  map[string]int
}

func (b *Backend) lookup(key string) (Record, error) {
	time.Sleep(b.Delay)
	v, ok := b.Data[key]
	if !ok {
		return Record{}, errors.New("not found: " + key)
	}
	return Record{Key: key, Value: v}, nil
}

type result struct {
	rec Record
	err error
}

// Fetch looks key up, giving up when ctx ends first.
func Fetch(ctx context.Context, b *Backend, key string) (Record, error) {
	ch := make(chan result, 1)
	go func() {
		r, err := b.lookup(key)
		ch <- result{r, err}
	}()
	select {
	case res := <-ch:
		return res.rec, res.err
	case <-ctx.Done():
		return Record{}, ctx.Err()
	}
}

// FetchAll fetches every key under one time limit for the whole batch.
func FetchAll(parent context.Context, b *Backend, keys []string, limit time.Duration) (map[string]int, error) {
	ctx, cancel := context.WithTimeout(parent, limit)
	defer cancel()
	out := make(map[string]int, len(keys))
	for _, k := range keys {
		r, err := Fetch(ctx, b, k)
		if err != nil {
			return out, err
		}
		out[r.Key] = r.Value
	}
	return out, nil
}

package fangroup_02

import (
	"context"
	"fmt"
)

// Fetcher loads one document.
type Fetcher func(ctx context.Context, id int) (string, error)

// FetchAll loads every document concurrently and fails fast: the first
// error is returned and the remaining loads are cancelled.
func FetchAll(ctx context.Context, ids []int, fetch Fetcher) ([]string, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	docs := make(chan string)
	errc := make(chan error)
	for _, id := range ids {
		go func(id int) {
			doc, err := fetch(ctx, id)
			if err != nil {
				errc <- fmt.Errorf("doc %d: %w", id, err)
				return
			}
			docs <- doc
		}(id)
	}

	var out []string
	for range ids {
		select {
		case d := <-docs:
			out = append(out, d)
		case err := <-errc:
			return nil, err
		}
	}
	return out, nil
}

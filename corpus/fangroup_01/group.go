package fangroup_01

import (
	"context"
	"sync"
)

// Group runs functions concurrently; the first error cancels the rest.
type Group struct {
	wg     sync.WaitGroup
	once   sync.Once
	err    error
	cancel context.CancelFunc
}

// WithContext returns a group and a context that ends at the first error.
func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &Group{cancel: cancel}, ctx
}

// Go runs f in its own goroutine.
func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.once.Do(func() {
				g.err = err
				g.cancel()
			})
		}
	}()
}

// Wait waits for every function and returns the first error.
func (g *Group) Wait() error {
	g.wg.Wait()
	g.cancel()
	return g.err
}

// Lookup resolves one name to an address.
type Lookup func(ctx context.Context, name string) (string, error)

// ResolveAll resolves every name concurrently.
func ResolveAll(ctx context.Context, names []string, look Lookup) (map[string]string, error) {
	g, ctx := WithContext(ctx)
	var mu sync.Mutex
	out := make(map[string]string, len(names))
	for _, n := range names {
		n := n
		g.Go(func() error {
			addr, err := look(ctx, n)
			if err != nil {
				return err
			}
			mu.Lock()
			out[n] = addr
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

package taskgroup_21

import "sync"

// Group runs tasks concurrently and remembers the first error.
// Tasks receive a channel that is closed when any task fails.
type Group struct {
	wg       sync.WaitGroup
	errOnce  sync.Once
	err      error
	stop     chan struct{}
	stopOnce sync.Once
}

func NewGroup() *Group {
	return &Group{stop: make(chan struct{})}
}

// Go starts fn in its own goroutine.
func (g *Group) Go(fn func(stop <-chan struct{}) error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := fn(g.stop); err != nil {
			g.errOnce.Do(func() { g.err = err })
			g.stopOnce.Do(func() { close(g.stop) })
		}
	}()
}

// Wait blocks until every task returned and reports the first error.
func (g *Group) Wait() error {
	g.wg.Wait()
	g.stopOnce.Do(func() { close(g.stop) })
	return g.err
}

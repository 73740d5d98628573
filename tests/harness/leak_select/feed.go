// Package feed produces a stream of values on demand.
package feed

// Feed delivers the values of a source function one at a time.
type Feed[T any] struct {
	updates chan T
	quit    chan struct{}
}

// Start begins producing values from src.
func Start[T any](src func() T) *Feed[T] {
	f := &Feed[T]{updates: make(chan T), quit: make(chan struct{})}
	go f.loop(src)
	return f
}

func (f *Feed[T]) loop(src func() T) {
	for {
		v := src()
		select {
		case f.updates <- v:
		case <-f.quit:
			return
		}
	}
}

// Next returns the next value.
func (f *Feed[T]) Next() T { return <-f.updates }

// Close stops the feed.
func (f *Feed[T]) Close() { close(f.quit) }

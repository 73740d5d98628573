// Package pubsub_02 is a configuration bus: updates are queued by
// publishers and delivered by a dispatcher goroutine to every watcher.
package pubsub_02

import "sync"

// Bus delivers queued updates to watchers in publish order.
type Bus struct {
	mu       sync.Mutex
	watchers []chan string
	queue    chan string
}

// NewBus starts the dispatcher with room for backlog queued updates.
func NewBus(backlog int) *Bus {
	b := &Bus{queue: make(chan string, backlog)}
	go b.dispatch()
	return b
}

func (b *Bus) dispatch() {
	for u := range b.queue {
		b.mu.Lock()
		ws := append([]chan string(nil), b.watchers...)
		b.mu.Unlock()
		for _, w := range ws {
			w <- u
		}
	}
}

// Watch returns a channel that receives every later update.
func (b *Bus) Watch() <-chan string {
	w := make(chan string)
	b.mu.Lock()
	b.watchers = append(b.watchers, w)
	b.mu.Unlock()
	return w
}

// Publish queues an update without waiting for delivery.
func (b *Bus) Publish(u string) {
	b.queue <- u
}

// WaitFor reads updates from w until one equals want.
func WaitFor(w <-chan string, want string) int {
	seen := 0
	for u := range w {
		seen++
		if u == want {
			return seen
		}
	}
	return seen
}

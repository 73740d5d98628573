// Package notifier_01 is a one-shot notifier: Wait returns once Fire has
// been called, whether Fire came before or after.
package notifier_01

import "sync"

// Notifier remembers that it fired and wakes a waiter through a channel.
type Notifier struct {
	mu    sync.Mutex
	fired bool
	ch    chan struct{}
}

// New makes a notifier that has not fired.
func New() *Notifier { return &Notifier{ch: make(chan struct{})} }

// Wait returns at once if the notifier fired, else waits for Fire.
func (n *Notifier) Wait() {
	n.mu.Lock()
	if n.fired {
		n.mu.Unlock()
		return
	}
	n.mu.Unlock()
	<-n.ch
}

// Fire marks the notifier fired and wakes a waiter if one is waiting.
func (n *Notifier) Fire() {
	n.mu.Lock()
	n.fired = true
	n.mu.Unlock()
	select {
	case n.ch <- struct{}{}:
	default:
	}
}

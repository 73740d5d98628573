// Package cond is a queue whose readers wait on a condition variable.
package cond

import "sync"

// Queue holds items.
type Queue struct {
	mu    sync.Mutex
	ready *sync.Cond
	items []int
}

// New returns an empty queue.
func New() *Queue {
	q := &Queue{}
	q.ready = sync.NewCond(&q.mu)
	return q
}

// Consume takes one item in the background.
func (q *Queue) Consume(got func(int)) {
	go func() {
		q.mu.Lock()
		for len(q.items) == 0 {
			q.ready.Wait()
		}
		got(q.items[0])
		q.items = q.items[1:]
		q.mu.Unlock()
	}()
}

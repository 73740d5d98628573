// Package boundedqueue_02 is a bounded work queue that sheds load when full
// instead of making callers wait.
package boundedqueue_02

import "sync"

// Queue accepts tasks up to its capacity and runs them on one consumer.
type Queue struct {
	tasks    chan func() int
	mu       sync.Mutex
	dropped  int
	total    int
	finished chan struct{}
}

// NewQueue starts the consumer goroutine.
func NewQueue(capacity int) *Queue {
	q := &Queue{tasks: make(chan func() int, capacity), finished: make(chan struct{})}
	go q.consume()
	return q
}

func (q *Queue) consume() {
	defer close(q.finished)
	for task := range q.tasks {
		v := task()
		q.mu.Lock()
		q.total += v
		q.mu.Unlock()
	}
}

// TryPut enqueues the task if there is room and reports whether it did.
func (q *Queue) TryPut(task func() int) bool {
	select {
	case q.tasks <- task:
		return true
	default:
		q.mu.Lock()
		q.dropped++
		q.mu.Unlock()
		return false
	}
}

// Close stops accepting tasks and waits for the queued ones to run.
func (q *Queue) Close() (total, dropped int) {
	close(q.tasks)
	<-q.finished
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.total, q.dropped
}

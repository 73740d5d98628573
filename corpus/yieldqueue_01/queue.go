// Package yieldqueue_01 is a small job queue whose consumer yields the
// processor when the queue is empty instead of blocking, and whose producer
// yields after each job so the consumer can keep up.
package yieldqueue_01

import (
	"runtime"
	"sync"
)

// Queue is a mutex-protected slice of jobs with a closed flag.
type Queue struct {
	mu     sync.Mutex
	jobs   []int
	closed bool
}

// Put appends a job.
func (q *Queue) Put(j int) {
	q.mu.Lock()
	q.jobs = append(q.jobs, j)
	q.mu.Unlock()
}

// Close marks the end of the jobs.
func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
}

// take returns the next job, or ok=false with done=true once the queue is
// closed and empty.
func (q *Queue) take() (j int, ok, done bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.jobs) > 0 {
		j = q.jobs[0]
		q.jobs = q.jobs[1:]
		return j, true, false
	}
	return 0, false, q.closed
}

// Drain consumes jobs until the queue is closed and empty, yielding while
// it waits, and returns their sum.
func (q *Queue) Drain() int {
	sum := 0
	for {
		j, ok, done := q.take()
		if done {
			return sum
		}
		if !ok {
			runtime.Gosched()
			continue
		}
		sum += j
	}
}

// Produce puts jobs 1..n, yielding after each, then closes the queue.
func (q *Queue) Produce(n int) {
	for i := 1; i <= n; i++ {
		q.Put(i)
		runtime.Gosched()
	}
	q.Close()
}

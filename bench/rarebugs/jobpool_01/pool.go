// Package jobpool_01 runs submitted jobs on their own goroutines and hands
// their results to a collector until the pool is closed.
package jobpool_01

import (
	"sync"
	"sync/atomic"
)

// Pool runs jobs and collects their results.
type Pool struct {
	closing atomic.Bool
	wg      sync.WaitGroup
	mu      sync.Mutex
	active  map[int]bool
	results chan int
	quit    chan struct{}
	seen    chan int
}

// NewPool starts the collector; seen receives the running count of results.
func NewPool() *Pool {
	p := &Pool{active: map[int]bool{}, results: make(chan int), quit: make(chan struct{}), seen: make(chan int, 64)}
	go p.collect()
	return p
}

func (p *Pool) collect() {
	n := 0
	for {
		select {
		case <-p.results:
			n++
			p.seen <- n
		case <-p.quit:
			return
		}
	}
}

// Submit runs job id unless the pool is closing; it reports whether it did.
func (p *Pool) Submit(id int) bool {
	if p.closing.Load() {
		return false
	}
	p.mu.Lock()
	p.active[id] = true
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.results <- id * id
		p.mu.Lock()
		delete(p.active, id)
		p.mu.Unlock()
	}()
	return true
}

// Close refuses new jobs, waits for the running ones and stops the
// collector.
func (p *Pool) Close() {
	p.closing.Store(true)
	p.wg.Wait()
	close(p.quit)
}

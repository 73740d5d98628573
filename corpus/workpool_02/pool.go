package workpool_02

import (
	"context"
	"sync"
)

// Task is a unit of work; it returns a value to be summed.
type Task func() int

// Pool is a set of workers whose size can change while it runs.
type Pool struct {
	tasks   chan Task
	mu      sync.Mutex
	quits   []chan struct{}
	wg      sync.WaitGroup
	total   int
	handled int
}

// New starts a pool with n workers.
func New(n int) *Pool {
	p := &Pool{tasks: make(chan Task)}
	p.Resize(n)
	return p
}

// Resize grows or shrinks the pool to n workers.
func (p *Pool) Resize(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.quits) < n {
		q := make(chan struct{})
		p.quits = append(p.quits, q)
		p.wg.Add(1)
		go p.worker(q)
	}
	for len(p.quits) > n {
		last := len(p.quits) - 1
		close(p.quits[last])
		p.quits = p.quits[:last]
	}
}

// Do hands t to a worker, or gives up when ctx ends.
func (p *Pool) Do(ctx context.Context, t Task) error {
	select {
	case p.tasks <- t:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Shutdown stops every worker and waits for them, or for ctx.
func (p *Pool) Shutdown(ctx context.Context) (int, error) {
	p.Resize(0)
	done := make(chan struct{})
	go func() {
		p.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.total, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (p *Pool) worker(quit chan struct{}) {
	defer p.wg.Done()
	for {
		select {
		case t := <-p.tasks:
			v := t()
			p.mu.Lock()
			p.total += v
			p.handled++
			p.mu.Unlock()
		case <-quit:
			return
		}
	}
}

// Package taskfeed_01 hands tasks to a worker directly when it is idle and
// queues them when it is busy.
package taskfeed_01

import "sync"

// Dispatcher feeds one worker.
type Dispatcher struct {
	mu    sync.Mutex
	queue []int
	idle  chan int
	out   chan int
}

// New starts the worker; results go to a channel with room for n.
func New(n int) *Dispatcher {
	d := &Dispatcher{idle: make(chan int), out: make(chan int, n)}
	go d.work()
	return d
}

func (d *Dispatcher) work() {
	for {
		d.mu.Lock()
		if len(d.queue) > 0 {
			t := d.queue[0]
			d.queue = d.queue[1:]
			d.mu.Unlock()
			d.run(t)
			continue
		}
		d.mu.Unlock()
		t, ok := <-d.idle
		if !ok {
			return
		}
		d.run(t)
	}
}

func (d *Dispatcher) run(t int) {
	d.out <- t * 10
}

// Submit gives t to the worker if it is waiting, else queues it.
func (d *Dispatcher) Submit(t int) {
	select {
	case d.idle <- t:
	default:
		d.mu.Lock()
		d.queue = append(d.queue, t)
		d.mu.Unlock()
	}
}

// Result waits for the next result.
func (d *Dispatcher) Result() int { return <-d.out }

// Stop ends the worker once it is idle.
func (d *Dispatcher) Stop() { close(d.idle) }

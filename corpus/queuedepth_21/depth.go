package queuedepth_21

import (
	"sync"
	"sync/atomic"
)

// Dispatcher hands tasks to workers and tracks how many are waiting.
type Dispatcher struct {
	depth   int64
	handled int64
	tasks   chan int
}

func NewDispatcher(buf int) *Dispatcher {
	return &Dispatcher{tasks: make(chan int, buf)}
}

func (d *Dispatcher) Submit(v int) {
	atomic.AddInt64(&d.depth, 1)
	d.tasks <- v
}

func (d *Dispatcher) work(wg *sync.WaitGroup, sum *int64) {
	defer wg.Done()
	for v := range d.tasks {
		atomic.AddInt64(&d.depth, -1)
		atomic.AddInt64(sum, int64(v))
		atomic.AddInt64(&d.handled, 1)
	}
}

// Run submits n tasks to the workers while sampling the queue depth,
// and returns the sum of all tasks and the samples taken.
func Run(workers, n int) (int64, []int64) {
	d := NewDispatcher(8)
	var wg sync.WaitGroup
	var sum int64
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go d.work(&wg, &sum)
	}
	var samples []int64
	for i := 1; i <= n; i++ {
		d.Submit(i)
		if i%10 == 0 {
			samples = append(samples, d.depth)
		}
	}
	close(d.tasks)
	wg.Wait()
	return sum, samples
}

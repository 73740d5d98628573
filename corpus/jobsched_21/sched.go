package jobsched_21

import (
	"container/heap"
	"sync"
)

// Job is a unit of work with a priority; lower values run first.
type Job struct {
	Name     string
	Priority int
	Run      func() int
}

type jobHeap []Job

func (h jobHeap) Len() int           { return len(h) }
func (h jobHeap) Less(i, j int) bool { return h[i].Priority < h[j].Priority }
func (h jobHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *jobHeap) Push(x any)        { *h = append(*h, x.(Job)) }
func (h *jobHeap) Pop() any {
	old := *h
	j := old[len(old)-1]
	*h = old[:len(old)-1]
	return j
}

// Scheduler feeds queued jobs to a fixed set of workers.
type Scheduler struct {
	mu       sync.Mutex
	cond     *sync.Cond
	queue    jobHeap
	shutdown bool
	wg       sync.WaitGroup
	total    int
}

func NewScheduler(workers int) *Scheduler {
	s := &Scheduler{}
	s.cond = sync.NewCond(&s.mu)
	for i := 0; i < workers; i++ {
		s.wg.Add(1)
		go s.worker()
	}
	return s
}

func (s *Scheduler) worker() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.shutdown {
			s.cond.Wait()
		}
		if len(s.queue) == 0 {
			s.mu.Unlock()
			return
		}
		j := heap.Pop(&s.queue).(Job)
		s.mu.Unlock()
		out := j.Run()
		s.mu.Lock()
		s.total += out
		s.mu.Unlock()
	}
}

func (s *Scheduler) Submit(j Job) {
	s.mu.Lock()
	heap.Push(&s.queue, j)
	s.mu.Unlock()
	s.cond.Signal()
}

// Shutdown lets the workers drain the queue and waits for them.
func (s *Scheduler) Shutdown() int {
	s.mu.Lock()
	s.shutdown = true
	s.mu.Unlock()
	s.cond.Broadcast()
	s.wg.Wait()
	return s.total
}

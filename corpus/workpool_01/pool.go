package workpool_01

import (
	"strings"
	"sync"
)

// Job is a piece of text to index.
type Job struct {
	ID   int
	Text string
}

// Index counts words across all jobs handed to the pool.
type Index struct {
	mu    sync.Mutex
	words map[string]int
	jobs  int
}

// Pool runs jobs on a set number of workers.
type Pool struct {
	jobs chan Job
	wg   sync.WaitGroup
	idx  *Index
}

// NewPool starts n workers that feed idx.
func NewPool(n int, idx *Index) *Pool {
	p := &Pool{jobs: make(chan Job, n), idx: idx}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.worker()
	}
	return p
}

// Submit queues a job; it blocks while all workers are busy and the
// queue is full.
func (p *Pool) Submit(j Job) { p.jobs <- j }

// Close stops accepting jobs and waits until the queued ones are done.
func (p *Pool) Close() {
	close(p.jobs)
	p.wg.Wait()
}

func (p *Pool) worker() {
	defer p.wg.Done()
	for j := range p.jobs {
		counts := make(map[string]int)
		for _, w := range strings.Fields(strings.ToLower(j.Text)) {
			counts[w]++
		}
		p.idx.add(counts)
	}
}

func (x *Index) add(counts map[string]int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.words == nil {
		x.words = make(map[string]int)
	}
	for w, n := range counts {
		x.words[w] += n
	}
	x.jobs++
}

// Count returns how often w was seen and how many jobs were indexed.
func (x *Index) Count(w string) (int, int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.words[w], x.jobs
}

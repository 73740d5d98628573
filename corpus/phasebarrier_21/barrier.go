package phasebarrier_21

import "sync"

// Barrier lets a fixed number of parties wait for each other at the end
// of every phase; it can be reused for the next phase.
type Barrier struct {
	mu      sync.Mutex
	cond    *sync.Cond
	parties int
	waiting int
	phase   int
}

func NewBarrier(parties int) *Barrier {
	b := &Barrier{parties: parties}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// Await blocks until all parties arrived and returns the finished phase.
func (b *Barrier) Await() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	phase := b.phase
	b.waiting++
	if b.waiting == b.parties {
		b.waiting = 0
		b.phase++
		b.cond.Broadcast()
		return phase
	}
	for phase == b.phase {
		b.cond.Wait()
	}
	return phase
}

// Smooth runs a simple relaxation over grid with one worker per cell
// range, synchronising the workers between steps.
func Smooth(grid []float64, workers, steps int) []float64 {
	cur := append([]float64(nil), grid...)
	next := make([]float64, len(grid))
	b := NewBarrier(workers)
	var wg sync.WaitGroup
	chunk := (len(grid) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(grid))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := 0; s < steps; s++ {
				for i := lo; i < hi; i++ {
					l, r := cur[max(i-1, 0)], cur[min(i+1, len(cur)-1)]
					next[i] = (l + cur[i] + r) / 3
				}
				b.Await()
				if lo == 0 {
					cur, next = next, cur
				}
				b.Await()
			}
		}()
	}
	wg.Wait()
	return cur
}

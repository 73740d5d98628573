// Package spinbarrier_01 runs workers in phases separated by a reusable
// barrier that spins, yielding, until the last worker arrives.
package spinbarrier_01

import (
	"runtime"
	"sync/atomic"
)

// Barrier releases its parties together; waiters yield while they spin.
type Barrier struct {
	parties int64
	arrived atomic.Int64
	phase   atomic.Int64
}

// NewBarrier makes a barrier for n parties.
func NewBarrier(n int) *Barrier { return &Barrier{parties: int64(n)} }

// Await returns when all parties have called it for the current phase.
func (b *Barrier) Await() {
	ph := b.phase.Load()
	if b.arrived.Add(1) == b.parties {
		b.arrived.Store(0)
		b.phase.Add(1)
		return
	}
	for b.phase.Load() == ph {
		runtime.Gosched()
	}
}

// Phases has n workers add their id to a per-phase total, phase after
// phase, and returns the totals.
func Phases(n, phases int) []int64 {
	b := NewBarrier(n)
	totals := make([]atomic.Int64, phases)
	done := make(chan struct{}, n)
	for id := 0; id < n; id++ {
		go func(id int) {
			for p := 0; p < phases; p++ {
				totals[p].Add(int64(id))
				b.Await()
			}
			done <- struct{}{}
		}(id)
	}
	for i := 0; i < n; i++ {
		<-done
	}
	out := make([]int64, phases)
	for p := range totals {
		out[p] = totals[p].Load()
	}
	return out
}

// Package turnstile_01 lets workers take turns in a fixed order: each polls
// a shared turn number and yields until it is its own.
package turnstile_01

import (
	"runtime"
	"sync/atomic"
)

// Turnstile admits worker i when the turn counter, modulo the number of
// workers, equals i.
type Turnstile struct {
	turn    atomic.Int64
	workers int64
}

// NewTurnstile makes a turnstile for n workers.
func NewTurnstile(n int) *Turnstile { return &Turnstile{workers: int64(n)} }

// Await yields until it is worker id's turn.
func (t *Turnstile) Await(id int) {
	for t.turn.Load()%t.workers != int64(id) {
		runtime.Gosched()
	}
}

// Pass hands the turn to the next worker.
func (t *Turnstile) Pass() { t.turn.Add(1) }

// Interleave has n workers append their ids in rounds, in turn order, and
// sends the result on out.
func Interleave(n, rounds int, out chan<- []int) {
	ts := NewTurnstile(n)
	var seq []int
	done := make(chan struct{})
	for id := 0; id < n; id++ {
		go func(id int) {
			for r := 0; r < rounds; r++ {
				ts.Await(id)
				seq = append(seq, id)
				ts.Pass()
			}
			done <- struct{}{}
		}(id)
	}
	for i := 0; i < n; i++ {
		<-done
	}
	out <- seq
}

// Package spin waits for a flag by polling it.
package spin

import "sync/atomic"

// Gate opens once.
type Gate struct{ open atomic.Bool }

// Open opens the gate.
func (g *Gate) Open() { g.open.Store(true) }

// Wait polls until the gate is open and returns the number of polls.
func (g *Gate) Wait() int {
	n := 0
	for !g.open.Load() {
		n++
	}
	return n
}

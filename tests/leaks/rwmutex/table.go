// Package rwmutex guards a table with a read-write mutex.
package rwmutex

import "sync"

// Table is read often and written rarely.
type Table struct {
	mu   sync.RWMutex
	rows []int
}

// Snapshot takes the read lock and returns a function that releases it.
func (t *Table) Snapshot() func() {
	t.mu.RLock()
	return t.mu.RUnlock
}

// Append adds a row in the background.
func (t *Table) Append(r int) {
	go func() {
		t.mu.Lock()
		t.rows = append(t.rows, r)
		t.mu.Unlock()
	}()
}

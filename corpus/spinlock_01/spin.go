// Package spinlock_01 guards a counter with a spin lock that yields the
// processor while it waits.
package spinlock_01

import (
	"runtime"
	"sync/atomic"
)

// SpinLock is a test-and-set lock; waiters call runtime.Gosched.
type SpinLock struct {
	held atomic.Bool
}

// Lock spins until the lock is free, yielding between attempts.
func (l *SpinLock) Lock() {
	for !l.held.CompareAndSwap(false, true) {
		runtime.Gosched()
	}
}

// Unlock releases the lock.
func (l *SpinLock) Unlock() {
	l.held.Store(false)
}

// Counter is a counter shared by many goroutines.
type Counter struct {
	mu SpinLock
	n  int
}

// Add adds d under the spin lock, yielding once inside to let others try.
func (c *Counter) Add(d int) {
	c.mu.Lock()
	v := c.n
	runtime.Gosched()
	c.n = v + d
	c.mu.Unlock()
}

// Value reads the counter under the lock.
func (c *Counter) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

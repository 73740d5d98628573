// Package lazyconfig_01 loads a configuration on first use; callers that
// arrive while it loads wait for the first caller's load.
package lazyconfig_01

import (
	"sync"
	"sync/atomic"
)

const (
	idle int32 = iota
	loading
	ready
)

// Lazy holds a value loaded once by fetch.
type Lazy struct {
	mu    sync.Mutex
	cond  *sync.Cond
	state atomic.Int32
	val   map[string]string
	fetch func() map[string]string
}

// NewLazy makes a Lazy that loads with fetch.
func NewLazy(fetch func() map[string]string) *Lazy {
	l := &Lazy{fetch: fetch}
	l.cond = sync.NewCond(&l.mu)
	return l
}

// Get returns the value, loading it if no one has.
func (l *Lazy) Get() map[string]string {
	if l.state.Load() == ready {
		return l.val
	}
	l.mu.Lock()
	if l.state.Load() == idle {
		l.state.Store(loading)
		l.mu.Unlock()
		v := l.fetch()
		l.val = v
		l.state.Store(ready)
		l.cond.Broadcast()
		return v
	}
	for l.state.Load() != ready {
		l.cond.Wait()
	}
	l.mu.Unlock()
	return l.val
}

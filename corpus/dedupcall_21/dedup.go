package dedupcall_21

import (
	"sync"
	"sync/atomic"
)

type call struct {
	wg  sync.WaitGroup
	val string
}

// Collapser runs at most one lookup per key at a time; concurrent callers
// for the same key share the result of the lookup in progress.
type Collapser struct {
	mu      sync.Mutex
	pending map[string]*call
	lookups atomic.Int32
}

func NewCollapser() *Collapser {
	return &Collapser{pending: make(map[string]*call)}
}

func (c *Collapser) Do(key string, fn func(string) string) string {
	c.mu.Lock()
	if cl, ok := c.pending[key]; ok {
		c.mu.Unlock()
		cl.wg.Wait()
		return cl.val
	}
	cl := &call{}
	cl.wg.Add(1)
	c.pending[key] = cl
	c.mu.Unlock()

	c.lookups.Add(1)
	cl.val = fn(key)
	cl.wg.Done()

	c.mu.Lock()
	delete(c.pending, key)
	c.mu.Unlock()
	return cl.val
}

func resolve(host string) string {
	h := 0
	for _, ch := range host {
		h = h*31 + int(ch)
	}
	return host + "=" + string(rune('a'+h%26))
}

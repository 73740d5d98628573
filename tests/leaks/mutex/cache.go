// Package mutex guards a cache with a mutex.
package mutex

import "sync"

// Cache maps keys to values.
type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

// New returns an empty cache.
func New() *Cache { return &Cache{m: map[string]int{}} }

// Put stores v in the background.
func (c *Cache) Put(k string, v int) {
	go func() {
		c.mu.Lock()
		c.m[k] = v
		c.mu.Unlock()
	}()
}

// Freeze locks the cache and does not unlock it.
func (c *Cache) Freeze() { c.mu.Lock() }

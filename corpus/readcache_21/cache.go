package readcache_21

import (
	"strconv"
	"sync"
)

// Loader fetches the value for a key from the slow backing store.
type Loader func(key string) string

// Cache is a read-through cache; lookups share a read lock and
// misses take the write lock to fill the entry.
type Cache struct {
	mu     sync.RWMutex
	data   map[string]string
	load   Loader
	misses int
}

func NewCache(load Loader) *Cache {
	return &Cache{data: make(map[string]string), load: load}
}

// Get returns the cached value, loading it on a miss.
func (c *Cache) Get(key string) string {
	c.mu.RLock()
	v, ok := c.data[key]
	c.mu.RUnlock()
	if ok {
		return v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.data[key]; ok {
		return v
	}
	c.misses++
	v = c.load(key)
	c.data[key] = v
	return v
}

// Misses reports how many loads the cache performed.
func (c *Cache) Misses() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.misses
}

func squareLoader(key string) string {
	n, _ := strconv.Atoi(key)
	return strconv.Itoa(n * n)
}

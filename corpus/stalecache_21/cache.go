package stalecache_21

import (
	"strings"
	"sync"
)

// Cache serves possibly stale values immediately and refreshes every
// entry in the background on each access.
type Cache struct {
	mu      sync.Mutex
	entries map[string]string
	fetch   func(string) string
	fetches int
}

func NewCache(fetch func(string) string) *Cache {
	return &Cache{entries: make(map[string]string), fetch: fetch}
}

func (c *Cache) refresh(key string, fresh chan<- string) {
	v := c.fetch(key)
	c.mu.Lock()
	c.entries[key] = v
	c.fetches++
	c.mu.Unlock()
	fresh <- v
}

// Get returns the cached value when there is one, otherwise it waits
// for the fetch started on its behalf.
func (c *Cache) Get(key string) string {
	c.mu.Lock()
	v, ok := c.entries[key]
	c.mu.Unlock()
	fresh := make(chan string)
	go c.refresh(key, fresh)
	if ok {
		return v
	}
	return <-fresh
}

func upperFetch(key string) string {
	return strings.ToUpper(key)
}

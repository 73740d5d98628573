// Package selecttimeout_03 is a read-through cache whose loads are abandoned
// when the cache is shut down.
package selecttimeout_03

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

// ErrClosed is returned by Get after Close.
var ErrClosed = errors.New("cache closed")

// Cache loads missing keys with Load.
type Cache struct {
	Load    func(key string) string
	mu      sync.Mutex
	entries map[string]string
	closing chan struct{}
	once    sync.Once
}

// New creates an empty cache.
func New(load func(string) string) *Cache {
	return &Cache{Load: load, entries: make(map[string]string), closing: make(chan struct{})}
}

// Get returns the cached value for key, loading it if needed.
func (c *Cache) Get(key string) (string, error) {
	c.mu.Lock()
	v, ok := c.entries[key]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	loaded := make(chan string)
	go func() {
		loaded <- c.Load(key)
	}()
	select {
	case v := <-loaded:
		c.mu.Lock()
		c.entries[key] = v
		c.mu.Unlock()
		return v, nil
	case <-c.closing:
		return "", ErrClosed
	}
}

// Close makes pending and later loads return ErrClosed.
func (c *Cache) Close() {
	c.once.Do(func() { close(c.closing) })
}

// Upper is a loader that normalizes keys and escapes reserved names.
func Upper(key string) string {
	k := strings.ToUpper(strings.TrimSpace(key))
	for _, r := range reserved {
		if strings.EqualFold(k, r) {
			return "_" + k
		}
	}
	return k
}

var reserved = func() []string {
	names := make([]string, 0, 5000)
	for i := 0; i < 5000; i++ {
		names = append(names, fmt.Sprintf("SYS%04d", i))
	}
	return names
}()

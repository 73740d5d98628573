package routetable_21

import (
	"strings"
	"sync"
)

// Table maps path prefixes to backends; a prefix may also be an alias
// for another prefix.
type Table struct {
	mu      sync.RWMutex
	routes  map[string]string
	aliases map[string]string
	version int
}

func NewTable() *Table {
	return &Table{routes: make(map[string]string), aliases: make(map[string]string)}
}

func (t *Table) Set(prefix, backend string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.routes[prefix] = backend
	t.version++
}

func (t *Table) Alias(prefix, target string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.aliases[prefix] = target
	t.version++
}

// canonical resolves an alias to the prefix it stands for.
func (t *Table) canonical(prefix string) string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if target, ok := t.aliases[prefix]; ok {
		return target
	}
	return prefix
}

// Route finds the backend for a request path by its first segment.
func (t *Table) Route(path string) string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	seg := "/" + strings.SplitN(strings.TrimPrefix(path, "/"), "/", 2)[0]
	if b, ok := t.routes[seg]; ok {
		return b
	}
	return t.routes[t.canonical(seg)]
}

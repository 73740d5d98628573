package svcregistry_21

import (
	"sort"
	"sync"
)

// Change describes one registration or removal.
type Change struct {
	Service string
	Addr    string
	Removed bool
}

// Registry maps service names to addresses and notifies watchers.
// Watchers are notified after the lock is released.
type Registry struct {
	mu       sync.RWMutex
	services map[string]map[string]bool
	watchers []chan Change
}

func NewRegistry() *Registry {
	return &Registry{services: make(map[string]map[string]bool)}
}

// Watch returns a channel that receives every later change.
func (r *Registry) Watch(buf int) <-chan Change {
	ch := make(chan Change, buf)
	r.mu.Lock()
	r.watchers = append(r.watchers, ch)
	r.mu.Unlock()
	return ch
}

func (r *Registry) update(c Change) {
	r.mu.Lock()
	addrs := r.services[c.Service]
	if addrs == nil {
		addrs = make(map[string]bool)
		r.services[c.Service] = addrs
	}
	if c.Removed {
		delete(addrs, c.Addr)
	} else {
		addrs[c.Addr] = true
	}
	ws := append([]chan Change(nil), r.watchers...)
	r.mu.Unlock()
	for _, w := range ws {
		w <- c
	}
}

func (r *Registry) Register(svc, addr string)   { r.update(Change{Service: svc, Addr: addr}) }
func (r *Registry) Deregister(svc, addr string) { r.update(Change{svc, addr, true}) }

// Lookup lists the addresses of a service in sorted order.
func (r *Registry) Lookup(svc string) []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []string
	for a := range r.services[svc] {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}

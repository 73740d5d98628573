// Package registry_01 loads a service registry in the background; lookups
// wait until the initial load has been published.
package registry_01

import (
	"fmt"
	"hash/crc32"
	"sort"
)

// Registry maps service names to addresses.
type Registry struct {
	entries map[string]string
	ready   chan struct{}
}

// Load starts filling a registry from the given entries.
func Load(src map[string]string) *Registry {
	r := &Registry{entries: make(map[string]string), ready: make(chan struct{})}
	go func() {
		keys := make([]string, 0, len(src))
		for k, v := range src {
			r.entries[k] = v
			keys = append(keys, k)
		}
		close(r.ready)

		// Record a checksum of the loaded names for diagnostics.
		sort.Strings(keys)
		h := crc32.NewIEEE()
		for _, k := range keys {
			h.Write([]byte(k))
		}
		r.entries["_checksum"] = fmt.Sprintf("%08x", h.Sum32())
	}()
	return r
}

// Lookup returns the address of a service once the registry is loaded.
func (r *Registry) Lookup(name string) (string, bool) {
	<-r.ready
	addr, ok := r.entries[name]
	return addr, ok
}

package stockaudit_21

import (
	"fmt"
	"sync"
)

// Inventory holds item counts; the audit log records every change.
type Inventory struct {
	mu    sync.Mutex
	items map[string]int
	log   *AuditLog
}

// AuditLog is an append-only list of entries with its own lock.
type AuditLog struct {
	mu      sync.Mutex
	entries []string
	inv     *Inventory
}

func New() *Inventory {
	inv := &Inventory{items: map[string]int{"bolt": 100, "nut": 100, "washer": 100}}
	inv.log = &AuditLog{inv: inv}
	return inv
}

// Reserve takes n items out of stock and records it.
func (inv *Inventory) Reserve(item string, n int) bool {
	inv.mu.Lock()
	defer inv.mu.Unlock()
	if inv.items[item] < n {
		return false
	}
	inv.items[item] -= n
	inv.log.mu.Lock()
	inv.log.entries = append(inv.log.entries, fmt.Sprintf("reserve %s %d", item, n))
	inv.log.mu.Unlock()
	return true
}

// Checkpoint appends a line with the current totals to the log.
func (l *AuditLog) Checkpoint() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inv.mu.Lock()
	total := 0
	for _, c := range l.inv.items {
		total += c
	}
	l.inv.mu.Unlock()
	l.entries = append(l.entries, fmt.Sprintf("checkpoint total=%d", total))
}

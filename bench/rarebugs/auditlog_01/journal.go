// Package auditlog_01 keeps an audit journal: callers record entries and a
// background goroutine appends them to the store in batches.
package auditlog_01

import (
	"strings"
	"sync"
)

// Journal collects lines; its loop moves them to the store.
type Journal struct {
	mu      sync.Mutex
	cond    *sync.Cond
	entries []string
	store   strings.Builder
	written int
	wake    chan struct{}
	stop    chan struct{}
}

// NewJournal starts a journal whose loop is waiting for lines.
func NewJournal() *Journal {
	j := &Journal{wake: make(chan struct{}), stop: make(chan struct{})}
	j.cond = sync.NewCond(&j.mu)
	ready := make(chan struct{})
	go j.loop(ready)
	<-ready
	return j
}

func (j *Journal) loop(ready chan struct{}) {
	close(ready)
	for {
		select {
		case <-j.wake:
		case <-j.stop:
			return
		}
		j.mu.Lock()
		for _, l := range j.entries {
			j.store.WriteString(l)
			j.store.WriteByte('\n')
		}
		j.written += len(j.entries)
		j.entries = j.entries[:0]
		j.cond.Broadcast()
		j.mu.Unlock()
	}
}

// Record queues a line and wakes the loop when the queue was empty.
func (j *Journal) Record(line string) {
	j.mu.Lock()
	j.entries = append(j.entries, line)
	first := len(j.entries) == 1
	j.mu.Unlock()
	if first {
		select {
		case j.wake <- struct{}{}:
		default:
		}
	}
}

// Sync waits until n lines in all have reached the store and returns it.
func (j *Journal) Sync(n int) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	for j.written < n {
		j.cond.Wait()
	}
	return j.store.String()
}

// Close stops the loop.
func (j *Journal) Close() { close(j.stop) }

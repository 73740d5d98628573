package batcher_02

import (
	"strings"
	"sync"
)

// Store is where the writer puts its batches.
type Store struct {
	mu   sync.Mutex
	rows []string
}

func (s *Store) put(batch []string) {
	s.mu.Lock()
	s.rows = append(s.rows, strings.Join(batch, ","))
	s.mu.Unlock()
}

// Rows returns the stored batches.
func (s *Store) Rows() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.rows...)
}

// Writer collects records and stores them in groups of size.
type Writer struct {
	records chan string
	flushes chan chan struct{}
}

// NewWriter starts a writer on store.
func NewWriter(store *Store, size int) *Writer {
	w := &Writer{records: make(chan string), flushes: make(chan chan struct{})}
	go w.run(store, size)
	return w
}

func (w *Writer) run(store *Store, size int) {
	var batch []string
	for {
		select {
		case r := <-w.records:
			batch = append(batch, r)
			if len(batch) == size {
				store.put(batch)
				batch = nil
			}
		case ack := <-w.flushes:
			if len(batch) > 0 {
				store.put(batch)
				batch = nil
			}
			close(ack)
		}
	}
}

// Write adds one record.
func (w *Writer) Write(r string) { w.records <- r }

// Flush stores a partial group and waits until it is stored.
func (w *Writer) Flush() {
	ack := make(chan struct{})
	w.flushes <- ack
	<-ack
}

// Close flushes what is left.
func (w *Writer) Close() { w.Flush() }

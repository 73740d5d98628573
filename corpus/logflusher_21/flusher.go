package logflusher_21

import (
	"strings"
	"sync"
)

// Writer buffers log lines and hands them to a background goroutine
// that writes them out in batches.
type Writer struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending []string
	closed  bool
	out     strings.Builder
	batches chan int
}

func NewWriter() *Writer {
	w := &Writer{batches: make(chan int, 16)}
	w.cond = sync.NewCond(&w.mu)
	go w.flushLoop()
	return w
}

func (w *Writer) flushLoop() {
	for {
		w.mu.Lock()
		for len(w.pending) == 0 {
			w.cond.Wait()
		}
		batch := w.pending
		w.pending = nil
		closed := w.closed
		w.mu.Unlock()

		for _, line := range batch {
			w.out.WriteString(line)
			w.out.WriteByte('\n')
		}
		w.batches <- len(batch)
		if closed {
			return
		}
	}
}

// Log queues one line and wakes the flusher.
func (w *Writer) Log(line string) {
	w.mu.Lock()
	w.pending = append(w.pending, line)
	w.mu.Unlock()
	w.cond.Signal()
}

// Close marks the writer closed; the flusher stops after its next batch.
func (w *Writer) Close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
}

// Package nilchan_02 watches a set of files for changes; callers can ask to
// be notified of each change on a channel.
package nilchan_02

import "sync"

// Options configure a watcher.
type Options struct {
	Notify bool
	Buffer int
}

// Watcher records changes and optionally forwards them to a listener.
type Watcher struct {
	mu      sync.Mutex
	changes map[string]int
	notify  chan string
	handled []string
}

// NewWatcher creates a watcher and starts its notification forwarder.
func NewWatcher(opts Options) *Watcher {
	w := &Watcher{changes: make(map[string]int)}
	if opts.Notify {
		w.notify = make(chan string, opts.Buffer)
	}
	go w.forward()
	return w
}

func (w *Watcher) forward() {
	for path := range w.notify {
		w.mu.Lock()
		w.handled = append(w.handled, path)
		w.mu.Unlock()
	}
}

// Changed records a change of path.
func (w *Watcher) Changed(path string) {
	w.mu.Lock()
	w.changes[path]++
	w.mu.Unlock()
	if w.notify != nil {
		w.notify <- path
	}
}

// Changes returns how often path changed.
func (w *Watcher) Changes(path string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.changes[path]
}

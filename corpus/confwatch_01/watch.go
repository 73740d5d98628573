package confwatch_01

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Source holds the authoritative configuration.
type Source struct {
	mu      sync.Mutex
	version int
	values  map[string]string
}

// Set changes one key.
func (s *Source) Set(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = map[string]string{}
	}
	s.values[k] = v
	s.version++
}

func (s *Source) read() (int, map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp := make(map[string]string, len(s.values))
	for k, v := range s.values {
		cp[k] = v
	}
	return s.version, cp
}

// Watcher polls a source and keeps a local copy of its configuration.
type Watcher struct {
	src     *Source
	mu      sync.Mutex
	version int
	current map[string]string
	digest  [32]byte
	changed chan struct{}
	done    chan struct{}
}

// Watch starts polling src every interval until ctx ends.
func Watch(ctx context.Context, src *Source, every time.Duration) *Watcher {
	w := &Watcher{src: src, changed: make(chan struct{}), done: make(chan struct{})}
	go w.loop(ctx, every)
	return w
}

func (w *Watcher) loop(ctx context.Context, every time.Duration) {
	defer close(w.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			w.poll()
		case <-ctx.Done():
			return
		}
	}
}

func (w *Watcher) poll() {
	ver, vals := w.src.read()
	w.mu.Lock()
	if ver == w.version {
		w.mu.Unlock()
		return
	}
	wake := w.changed
	w.changed = make(chan struct{})
	w.mu.Unlock()
	close(wake)

	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for i := 0; i < 200; i++ {
		for _, k := range keys {
			fmt.Fprintf(h, "%s=%s;", k, vals[k])
		}
	}
	w.mu.Lock()
	w.version, w.current = ver, vals
	copy(w.digest[:], h.Sum(nil))
	w.mu.Unlock()
}

// Changed returns a channel that is closed at the next change.
func (w *Watcher) Changed() <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.changed
}

// Get returns the local value of key.
func (w *Watcher) Get(k string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.current[k]
}

// Done is closed when polling has stopped.
func (w *Watcher) Done() <-chan struct{} { return w.done }

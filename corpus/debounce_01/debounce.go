package debounce_01

import (
	"sync"
	"time"
)

// Debouncer calls fn with the latest value once no new value has
// arrived for the quiet period.
type Debouncer struct {
	mu      sync.Mutex
	quiet   time.Duration
	fn      func(string)
	timer   *time.Timer
	pending string
	wg      sync.WaitGroup
	armed   bool
}

// New returns a debouncer that calls fn.
func New(quiet time.Duration, fn func(string)) *Debouncer {
	return &Debouncer{quiet: quiet, fn: fn}
}

// Trigger records v as the latest value and restarts the quiet period.
func (d *Debouncer) Trigger(v string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending = v
	if d.timer == nil {
		d.timer = time.AfterFunc(d.quiet, d.fire)
	} else if d.timer.Stop() || !d.armed {
		d.timer.Reset(d.quiet)
	}
	if !d.armed {
		d.wg.Add(1)
		d.armed = true
	}
}

func (d *Debouncer) fire() {
	d.mu.Lock()
	v := d.pending
	d.armed = false
	d.mu.Unlock()
	d.fn(v)
	d.wg.Done()
}

// Flush waits until the pending call, if any, has run.
func (d *Debouncer) Flush() { d.wg.Wait() }

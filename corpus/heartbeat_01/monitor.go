package heartbeat_01

import (
	"context"
	"sort"
	"sync"
	"time"
)

// Monitor tracks when each peer last checked in and marks peers that
// stay silent longer than the limit as down.
type Monitor struct {
	beats chan string
	limit time.Duration
	mu    sync.Mutex
	last  map[string]time.Time
	down  map[string]bool
	done  chan struct{}
}

// NewMonitor starts a monitor that checks every interval.
func NewMonitor(ctx context.Context, limit, every time.Duration) *Monitor {
	m := &Monitor{beats: make(chan string, 16), limit: limit,
		last: map[string]time.Time{}, down: map[string]bool{}, done: make(chan struct{})}
	go m.run(ctx, every)
	return m
}

// Beat records that peer is alive.
func (m *Monitor) Beat(ctx context.Context, peer string) {
	select {
	case m.beats <- peer:
	case <-ctx.Done():
	}
}

func (m *Monitor) run(ctx context.Context, every time.Duration) {
	defer close(m.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case p := <-m.beats:
			m.mu.Lock()
			m.last[p] = time.Now()
			delete(m.down, p)
			m.mu.Unlock()
		case now := <-t.C:
			m.mu.Lock()
			for p, at := range m.last {
				if now.Sub(at) > m.limit {
					m.down[p] = true
				}
			}
			m.mu.Unlock()
		case <-ctx.Done():
			return
		}
	}
}

// Down lists the peers currently marked down.
func (m *Monitor) Down() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for p := range m.down {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Wait blocks until the monitor has stopped.
func (m *Monitor) Wait() { <-m.done }

// RunPeer beats every interval until ctx ends.
func RunPeer(ctx context.Context, m *Monitor, name string, every time.Duration, wg *sync.WaitGroup) {
	defer wg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		m.Beat(ctx, name)
		select {
		case <-t.C:
		case <-ctx.Done():
			return
		}
	}
}

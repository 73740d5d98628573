package pollstart_21

import (
	"fmt"
	"sync"
)

// Monitor polls a set of probes and keeps formatted readings.
type Monitor struct {
	Prefix string
	probes []func() int
	mu     sync.Mutex
	lines  []string
	done   chan struct{}
}

func NewMonitor(probes ...func() int) *Monitor {
	return &Monitor{probes: probes, done: make(chan struct{})}
}

// Start begins polling in the background.
func (m *Monitor) Start(rounds int) {
	go func() {
		defer close(m.done)
		for r := 0; r < rounds; r++ {
			for i, p := range m.probes {
				line := fmt.Sprintf("%s probe%d=%d", m.Prefix, i, p())
				m.mu.Lock()
				m.lines = append(m.lines, line)
				m.mu.Unlock()
			}
		}
	}()
}

// Wait blocks until polling finished and returns the readings.
func (m *Monitor) Wait() []string {
	<-m.done
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lines
}

// StartNamed starts a monitor and then labels its output.
func StartNamed(name string, rounds int, probes ...func() int) *Monitor {
	m := NewMonitor(probes...)
	m.Start(rounds)
	m.Prefix = "[" + name + "]"
	return m
}

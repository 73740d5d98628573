package heartbeat_03

import (
	"sync"
	"time"
)

// Peer sends numbered beats and waits for each to be acknowledged. The
// monitor may tell it to change its interval.
type Peer struct {
	beats    chan int
	acks     chan struct{}
	ctl      chan time.Duration
	interval time.Duration
	count    int
}

// Monitor acknowledges beats and slows the peer down after a few.
type Monitor struct {
	slowAfter int
	seen      []int
}

// NewLink wires a peer that will send count beats.
func NewLink(count int, interval time.Duration) *Peer {
	return &Peer{beats: make(chan int), acks: make(chan struct{}), ctl: make(chan time.Duration),
		interval: interval, count: count}
}

// Run sends the peer's beats.
func (p *Peer) Run(wg *sync.WaitGroup) {
	defer wg.Done()
	defer close(p.beats)
	for seq := 0; seq < p.count; seq++ {
		select {
		case d := <-p.ctl:
			p.interval = d
		default:
		}
		time.Sleep(p.interval)
		p.beats <- seq
		<-p.acks
	}
}

// Watch acknowledges the peer's beats until it stops.
func (m *Monitor) Watch(p *Peer, wg *sync.WaitGroup) {
	defer wg.Done()
	for seq := range p.beats {
		m.seen = append(m.seen, seq)
		if seq == m.slowAfter {
			p.ctl <- 2 * p.interval
		}
		p.acks <- struct{}{}
	}
}

package hitstats_21

import "sync/atomic"

// Endpoint counts requests and bytes served for one route.
type Endpoint struct {
	Path     string
	requests atomic.Int64
	bytes    atomic.Int64
	maxSize  atomic.Int64
}

// Record notes one response of the given size.
func (e *Endpoint) Record(size int64) {
	e.requests.Add(1)
	e.bytes.Add(size)
	for {
		cur := e.maxSize.Load()
		if size <= cur || e.maxSize.CompareAndSwap(cur, size) {
			return
		}
	}
}

// Snapshot is a point-in-time copy of the counters.
type Snapshot struct {
	Requests, Bytes, MaxSize int64
}

func (e *Endpoint) Snapshot() Snapshot {
	return Snapshot{
		Requests: e.requests.Load(),
		Bytes:    e.bytes.Load(),
		MaxSize:  e.maxSize.Load(),
	}
}

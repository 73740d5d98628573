package hedge_02

import (
	"sync/atomic"
	"time"
)

// Backend serves reads with a latency.
type Backend struct {
	Name    string
	Latency time.Duration
	served  atomic.Int32
}

// Read returns the value stored under key.
func (b *Backend) Read(key string) string {
	time.Sleep(b.Latency)
	b.served.Add(1)
	return b.Name + "/" + key
}

// Served is how many reads the backend completed.
func (b *Backend) Served() int { return int(b.served.Load()) }

// Read asks primary and, if it has not answered within after, also asks
// secondary; it returns whichever answer comes first.
func Read(primary, secondary *Backend, key string, after time.Duration) string {
	got := make(chan string)
	ask := func(b *Backend) {
		got <- b.Read(key)
	}
	go ask(primary)
	select {
	case v := <-got:
		return v
	case <-time.After(after):
	}
	go ask(secondary)
	return <-got
}

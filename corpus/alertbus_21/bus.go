package alertbus_21

import "sync"

// Alert is a message published to every subscriber.
type Alert struct {
	Source string
	Level  int
}

// Bus delivers each alert to all subscribers in publish order.
type Bus struct {
	mu   sync.Mutex
	subs []chan Alert
	sent int
}

func (b *Bus) Subscribe() <-chan Alert {
	ch := make(chan Alert)
	b.mu.Lock()
	b.subs = append(b.subs, ch)
	b.mu.Unlock()
	return ch
}

// Publish hands the alert to each subscriber while holding the bus
// lock, so that subscribers see alerts in one global order.
func (b *Bus) Publish(a Alert) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range b.subs {
		s <- a
	}
	b.sent++
}

// Pager forwards alerts until it has paged the on-call engineer once
// for a critical alert.
func Pager(alerts <-chan Alert, paged chan<- string) {
	for a := range alerts {
		if a.Level >= 3 {
			paged <- a.Source
			return
		}
	}
}

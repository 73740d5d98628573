package heartbeat_03

import (
	"sync"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	p := NewLink(6, 200*time.Microsecond)
	m := &Monitor{slowAfter: 2}
	var wg sync.WaitGroup
	wg.Add(2)
	go p.Run(&wg)
	go m.Watch(p, &wg)
	wg.Wait()
	if len(m.seen) != 6 {
		t.Fatalf("seen: %v", m.seen)
	}
}

package pubsub_01

import (
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	b := NewBroker()
	counts := make([]int, 3)
	var wg sync.WaitGroup
	for i := range counts {
		sub := b.Subscribe()
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for range sub {
				counts[i]++
			}
		}(i)
	}
	for _, m := range []string{"deploy", "scale", "restart", "scale", "drain", "deploy"} {
		b.Publish(m)
	}
	b.Stop()
	wg.Wait()
	for i, n := range counts {
		if n != 6 {
			t.Errorf("subscriber %d got %d messages", i, n)
		}
	}
}

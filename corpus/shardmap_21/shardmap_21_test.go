package shardmap_21

import (
	"fmt"
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	m := NewMap()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 60; i++ {
				key := fmt.Sprintf("user:%d", i%15)
				m.Add(key, 1)
				_ = m.Get(fmt.Sprintf("user:%d", (i+w)%15))
			}
		}(w)
	}
	wg.Wait()
	if m.Len() != 15 {
		t.Fatalf("len = %d", m.Len())
	}
	if v := m.Get("user:3"); v != 16 {
		t.Fatalf("user:3 = %d, want 16", v)
	}
}

package dedupcall_21

import (
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	c := NewCollapser()
	hosts := []string{"alpha.internal", "beta.internal", "gamma.internal"}
	var wg sync.WaitGroup
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			h := hosts[i%len(hosts)]
			if got := c.Do(h, resolve); got != resolve(h) {
				t.Errorf("Do(%s) = %s", h, got)
			}
		}(i)
	}
	wg.Wait()
	if n := c.lookups.Load(); n < 3 || n > 12 {
		t.Fatalf("lookups = %d", n)
	}
}

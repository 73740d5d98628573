package readcache_21

import (
	"strconv"
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	c := NewCache(squareLoader)
	var wg sync.WaitGroup
	for r := 0; r < 6; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for i := 0; i < 30; i++ {
				k := (i + r) % 8
				if got := c.Get(strconv.Itoa(k)); got != strconv.Itoa(k*k) {
					t.Errorf("Get(%d) = %s", k, got)
				}
			}
		}(r)
	}
	wg.Wait()
	if m := c.Misses(); m != 8 {
		t.Fatalf("misses = %d, want 8", m)
	}
}

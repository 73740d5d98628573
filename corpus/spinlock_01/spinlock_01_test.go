package spinlock_01

import (
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	var c Counter
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				c.Add(1)
			}
		}()
	}
	wg.Wait()
	if got := c.Value(); got != 20 {
		t.Fatalf("counter = %d, want 20", got)
	}
}

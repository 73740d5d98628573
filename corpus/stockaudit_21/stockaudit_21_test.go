package stockaudit_21

import (
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	inv := New()
	var wg sync.WaitGroup
	items := []string{"bolt", "nut", "washer"}
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				inv.Reserve(items[(i+w)%3], 1)
			}
		}(w)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 100; i++ {
			inv.log.Checkpoint()
		}
	}()
	wg.Wait()
	if n := len(inv.log.entries); n != 300 {
		t.Fatalf("%d log entries", n)
	}
}

package ringbuffer_21

import (
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	r := NewRing(1)
	var wg sync.WaitGroup
	sums := make([]int, 3)
	for c := 0; c < 3; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				sums[c] += r.Get()
			}
		}(c)
	}
	for p := 0; p < 3; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; i <= 100; i++ {
				r.Put(i)
			}
		}()
	}
	wg.Wait()
	if total := sums[0] + sums[1] + sums[2]; total != 3*5050 {
		t.Fatalf("total = %d", total)
	}
}

package condfifo_21

import (
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	q := NewQueue(2)
	var producers, consumers sync.WaitGroup
	sums := make([]int, 3)
	for c := 0; c < 3; c++ {
		consumers.Add(1)
		go func(c int) {
			defer consumers.Done()
			for {
				v, ok := q.Take()
				if !ok {
					return
				}
				sums[c] += v
			}
		}(c)
	}
	for p := 0; p < 2; p++ {
		producers.Add(1)
		go func(p int) {
			defer producers.Done()
			for i := 1; i <= 20; i++ {
				q.Put(i)
			}
		}(p)
	}
	producers.Wait()
	q.Close()
	consumers.Wait()
	if total := sums[0] + sums[1] + sums[2]; total != 420 {
		t.Fatalf("total = %d, want 420", total)
	}
}

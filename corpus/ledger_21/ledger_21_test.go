package ledger_21

import (
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	l := NewLedger(5, 100)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(seed int) {
			defer wg.Done()
			for i := 0; i < 40; i++ {
				from := (seed + i) % 5
				to := (seed*3 + i*7) % 5
				_ = l.Transfer(from, to, int64(1+i%9))
			}
		}(w)
	}
	wg.Wait()
	if got := l.Total(); got != 500 {
		t.Fatalf("total = %d, want 500", got)
	}
}

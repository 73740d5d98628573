package acctlimit_21

import (
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	w := NewWallet(1000, 300)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 4; j++ {
				_ = w.Withdraw(30 + 10*i)
				w.Deposit(5)
			}
		}(i)
	}
	wg.Wait()
	if a := w.Available(); a < 0 {
		t.Fatalf("available = %d", a)
	}
}

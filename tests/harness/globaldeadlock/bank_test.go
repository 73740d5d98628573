package bank

import (
	"sync"
	"testing"
)

func TestTransfersBothWays(t *testing.T) {
	a, b := NewAccount(100), NewAccount(100)
	var started, done sync.WaitGroup
	started.Add(2)
	meet := func() {
		started.Done()
		started.Wait()
	}
	done.Add(2)
	go func() {
		defer done.Done()
		Transfer(a, b, 10, meet)
	}()
	go func() {
		defer done.Done()
		Transfer(b, a, 20, meet)
	}()
	done.Wait()
	if a.Balance()+b.Balance() != 200 {
		t.Fatal("money was created or lost")
	}
}

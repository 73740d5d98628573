// Package ledgerpair_01 moves amounts between two ledgers, each with its
// own lock; a transfer locks both.
package ledgerpair_01

import "sync"

// Ledger is a balance under a lock.
type Ledger struct {
	mu      sync.Mutex
	balance int
}

// Move takes amt from one ledger and gives it to the other, holding both
// locks: the source's first.
func Move(from, to *Ledger, amt int) {
	from.mu.Lock()
	from.balance -= amt
	to.mu.Lock()
	to.balance += amt
	to.mu.Unlock()
	from.mu.Unlock()
}

// Settle runs a transfer each way, the second after some bookkeeping, and
// returns the balances.
func Settle(a, b *Ledger) (int, int) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		Move(a, b, 10)
	}()
	go func() {
		defer wg.Done()
		fee := 0
		for i := 0; i < 2000; i++ {
			fee += i % 7
		}
		Move(b, a, fee%5)
	}()
	wg.Wait()
	return a.balance, b.balance
}

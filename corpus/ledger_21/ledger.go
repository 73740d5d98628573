package ledger_21

import (
	"errors"
	"sync"
)

// ErrFunds is returned when the source account cannot cover a transfer.
var ErrFunds = errors.New("insufficient funds")

// Account is a balance guarded by its own mutex.
type Account struct {
	ID      int
	mu      sync.Mutex
	balance int64
}

// Ledger moves money between a fixed set of accounts.
type Ledger struct {
	accounts []*Account
}

// NewLedger opens n accounts, each holding initial.
func NewLedger(n int, initial int64) *Ledger {
	l := &Ledger{}
	for i := 0; i < n; i++ {
		l.accounts = append(l.accounts, &Account{ID: i, balance: initial})
	}
	return l
}

// Transfer locks both accounts, lower id first, and moves amount between them.
func (l *Ledger) Transfer(from, to int, amount int64) error {
	if from == to {
		return nil
	}
	src, dst := l.accounts[from], l.accounts[to]
	first, second := src, dst
	if dst.ID < src.ID {
		first, second = dst, src
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	if src.balance < amount {
		return ErrFunds
	}
	src.balance -= amount
	dst.balance += amount
	return nil
}

// Total sums all balances, one account at a time.
func (l *Ledger) Total() int64 {
	var sum int64
	for _, acc := range l.accounts {
		acc.mu.Lock()
		sum += acc.balance
		acc.mu.Unlock()
	}
	return sum
}

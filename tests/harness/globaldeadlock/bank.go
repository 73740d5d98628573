// Package bank moves money between accounts.
package bank

import "sync"

// Account is a balance guarded by a mutex.
type Account struct {
	mu      sync.Mutex
	balance int
}

// NewAccount returns an account holding n.
func NewAccount(n int) *Account { return &Account{balance: n} }

// Balance returns the current balance.
func (a *Account) Balance() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

// Transfer moves n from one account to another.  held is called once the
// source account is locked.
func Transfer(from, to *Account, n int, held func()) {
	from.mu.Lock()
	defer from.mu.Unlock()
	if held != nil {
		held()
	}
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}

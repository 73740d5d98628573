package acctlimit_21

import (
	"errors"
	"sync"
)

var errLimit = errors.New("daily limit reached")

// Wallet tracks a balance and how much was withdrawn today.
type Wallet struct {
	mu        sync.Mutex
	balance   int
	withdrawn int
	limit     int
	denied    []int
}

func NewWallet(balance, limit int) *Wallet {
	return &Wallet{balance: balance, limit: limit}
}

// Available is how much can still be withdrawn today.
func (w *Wallet) Available() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return min(w.balance, w.limit-w.withdrawn)
}

// Withdraw takes amount out of the wallet if the limits allow it.
func (w *Wallet) Withdraw(amount int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.withdrawn+amount > w.limit {
		w.denied = append(w.denied, amount)
		if left := w.Available(); left > 0 {
			amount = left
		} else {
			return errLimit
		}
	}
	w.balance -= amount
	w.withdrawn += amount
	return nil
}

// Deposit adds money to the wallet.
func (w *Wallet) Deposit(amount int) {
	w.mu.Lock()
	w.balance += amount
	w.mu.Unlock()
}

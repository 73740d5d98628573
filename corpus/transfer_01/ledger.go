// Package transfer_01 moves money between accounts. Each account is guarded
// by a one-slot channel used as a lock, so a transfer holds both accounts
// while it updates them.
package transfer_01

// Account has a balance guarded by its lock channel.
type Account struct {
	Name    string
	Balance int
	lock    chan struct{}
}

// NewAccount opens an account with an initial balance.
func NewAccount(name string, balance int) *Account {
	return &Account{Name: name, Balance: balance, lock: make(chan struct{}, 1)}
}

func (a *Account) acquire() { a.lock <- struct{}{} }

func (a *Account) release() { <-a.lock }

// Move transfers amount from one account to another if funds allow.
func Move(from, to *Account, amount int) bool {
	from.acquire()
	defer from.release()
	to.acquire()
	defer to.release()
	if from.Balance < amount {
		return false
	}
	from.Balance -= amount
	to.Balance += amount
	return true
}

// Settle runs a series of transfers in one direction and reports how many
// succeeded.
func Settle(from, to *Account, amounts []int, done chan<- int) {
	ok := 0
	for _, amt := range amounts {
		if Move(from, to, amt) {
			ok++
		}
	}
	done <- ok
}

// Total returns the sum of the balances, holding every account's lock.
func Total(accts ...*Account) int {
	sum := 0
	for _, a := range accts {
		a.acquire()
		sum += a.Balance
		a.release()
	}
	return sum
}

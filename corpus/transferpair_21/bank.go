package transferpair_21

import (
	"fmt"
	"sync"
)

// Account holds a balance and a short history of movements.
type Account struct {
	Name    string
	mu      sync.Mutex
	balance int
	history []string
}

// Transfer moves amount from one account to another, recording the
// movement on both sides.
func Transfer(from, to *Account, amount int) bool {
	from.mu.Lock()
	defer from.mu.Unlock()
	if from.balance < amount {
		return false
	}
	note := fmt.Sprintf("%s->%s %d", from.Name, to.Name, amount)
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
	from.history = append(from.history, note)
	to.history = append(to.history, note)
	return true
}

// Settle runs both sides of a set of standing orders at the same time.
func Settle(a, b *Account, rounds int) int {
	var wg sync.WaitGroup
	moved := make([]int, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < rounds; i++ {
			if Transfer(a, b, 3) {
				moved[0]++
			}
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < rounds; i++ {
			if Transfer(b, a, 2) {
				moved[1]++
			}
		}
	}()
	wg.Wait()
	return moved[0] + moved[1]
}

package transferpair_21

import "testing"

func TestRun(t *testing.T) {
	a := &Account{Name: "checking", balance: 500}
	b := &Account{Name: "savings", balance: 500}
	n := Settle(a, b, 200)
	if a.balance+b.balance != 1000 {
		t.Fatalf("money created or lost: %d", a.balance+b.balance)
	}
	if n == 0 {
		t.Fatal("no transfers")
	}
}

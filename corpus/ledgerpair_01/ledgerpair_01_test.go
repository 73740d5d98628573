package ledgerpair_01

import "testing"

func TestRun(t *testing.T) {
	a, b := &Ledger{balance: 100}, &Ledger{balance: 100}
	x, y := Settle(a, b)
	if x+y != 200 {
		t.Fatalf("balances %d + %d != 200", x, y)
	}
}

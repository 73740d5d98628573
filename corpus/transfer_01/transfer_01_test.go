package transfer_01

import "testing"

func TestRun(t *testing.T) {
	a := NewAccount("checking", 1000)
	b := NewAccount("savings", 1000)
	amounts := make([]int, 2000)
	for i := range amounts {
		amounts[i] = i%7 + 1
	}
	done := make(chan int)
	go Settle(a, b, amounts, done)
	go Settle(b, a, amounts, done)
	n := <-done + <-done
	if n == 0 {
		t.Fatal("no transfer succeeded")
	}
	if total := Total(a, b); total != 2000 {
		t.Fatalf("total %d", total)
	}
}

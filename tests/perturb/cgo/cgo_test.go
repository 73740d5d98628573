package cgo

import "testing"

func TestTwice(t *testing.T) {
	if got := Twice(2, 3); got != 10 {
		t.Fatalf("Twice(2, 3) = %d", got)
	}
}

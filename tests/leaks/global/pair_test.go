package global

import "testing"

func TestSwap(t *testing.T) {
	if Swap(3) != 3 {
		t.Fatal("swap")
	}
}

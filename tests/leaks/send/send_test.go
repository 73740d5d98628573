package send

import "testing"

func TestFirst(t *testing.T) {
	if got := First(func() int { return 1 }, func() int { return 1 }); got != 1 {
		t.Fatal(got)
	}
}

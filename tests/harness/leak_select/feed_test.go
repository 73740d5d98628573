package feed

import "testing"

func TestFirstValues(t *testing.T) {
	n := 0
	f := Start(func() int {
		n++
		return n
	})
	for want := 1; want <= 3; want++ {
		if got := f.Next(); got != want {
			t.Fatalf("Next() = %d, want %d", got, want)
		}
	}
}

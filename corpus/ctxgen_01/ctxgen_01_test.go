package ctxgen_01

import "testing"

func TestRun(t *testing.T) {
	got := Primes(100, 5)
	want := []int{101, 103, 107, 109, 113}
	if len(got) != len(want) {
		t.Fatalf("primes: %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("primes: %v", got)
		}
	}
}

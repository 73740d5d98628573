package turnstile_01

import "testing"

func TestRun(t *testing.T) {
	out := make(chan []int, 1)
	go Interleave(3, 4, out)
	seq := <-out
	if len(seq) != 12 {
		t.Fatalf("got %d entries, want 12", len(seq))
	}
	for i, id := range seq {
		if id != i%3 {
			t.Fatalf("entry %d is worker %d, want %d", i, id, i%3)
		}
	}
}

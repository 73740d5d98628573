package queuedepth_21

import "testing"

func TestRun(t *testing.T) {
	sum, samples := Run(3, 60)
	if sum != 60*61/2 {
		t.Fatalf("sum = %d", sum)
	}
	for _, s := range samples {
		if s < 0 || s > 60 {
			t.Fatalf("depth sample %d", s)
		}
	}
}

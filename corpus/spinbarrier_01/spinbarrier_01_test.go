package spinbarrier_01

import "testing"

func TestRun(t *testing.T) {
	for p, v := range Phases(3, 3) {
		if v != 3 {
			t.Fatalf("phase %d total %d, want 3", p, v)
		}
	}
}

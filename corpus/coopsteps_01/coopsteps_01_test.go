package coopsteps_01

import "testing"

func TestRun(t *testing.T) {
	tasks := []Task{{3, 1}, {1, 10}, {4, 2}, {2, 5}}
	if got := Run(tasks, 2); got != 3+10+8+10 {
		t.Fatalf("total %d, want 31", got)
	}
}

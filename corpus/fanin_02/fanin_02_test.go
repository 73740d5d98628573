package fanin_02

import "testing"

func TestRun(t *testing.T) {
	s := Summarize(Gather(
		Agent("node-a", []float64{0.5, 0.7, 0.9}),
		Agent("node-b", []float64{0.1, 0.2}),
		Agent("node-c", []float64{1.0}),
	))
	if s.Count != 6 {
		t.Fatalf("count %d", s.Count)
	}
}

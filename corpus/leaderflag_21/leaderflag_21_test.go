package leaderflag_21

import "testing"

func TestRun(t *testing.T) {
	c := NewCluster(4)
	c.RunTerms(25)
	total := 0
	for _, n := range c.nodes {
		total += n.Compacted
	}
	if total != 25 {
		t.Fatalf("terms led = %d, want 25", total)
	}
	if c.term.Load() != 25 || c.leader.Load() == 0 {
		t.Fatalf("term %d leader %d", c.term.Load(), c.leader.Load())
	}
}

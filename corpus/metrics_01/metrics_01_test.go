package metrics_01

import (
	"io"
	"testing"
)

func TestRun(t *testing.T) {
	recs := []string{"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"}
	out := Convert(io.Discard, recs, 3)
	if out[0] != "ALPHA" || out[7] != "THETA" {
		t.Fatalf("got %v", out)
	}
}

package replay

import "testing"

func TestPipeline(t *testing.T) {
	sum, by := Pipeline(30)
	if sum != 8555 {
		t.Fatalf("sum %d, want 8555", sum)
	}
	t.Logf("values per worker: %v", by)
}

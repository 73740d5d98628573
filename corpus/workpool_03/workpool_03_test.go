package workpool_03

import (
	"fmt"
	"testing"
)

func TestRun(t *testing.T) {
	p := Start(2)
	for i := 0; i < 12; i++ {
		p.Add(fmt.Sprintf("block-%d", i))
	}
	d, ok := Lookup(p, "block-3", 12)
	p.Stop()
	if !ok || len(d) != 64 {
		t.Fatalf("digest of block-3: %q %v", d, ok)
	}
}

package workpool_01

import (
	"fmt"
	"testing"
)

func TestRun(t *testing.T) {
	var idx Index
	p := NewPool(3, &idx)
	for i := 0; i < 20; i++ {
		p.Submit(Job{ID: i, Text: fmt.Sprintf("The quick fox %d jumps over the lazy dog", i%4)})
	}
	p.Close()
	the, jobs := idx.Count("the")
	if jobs != 20 || the != 40 {
		t.Fatalf("the=%d jobs=%d", the, jobs)
	}
}

package batcher_01

import (
	"fmt"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	var sink Sink
	b := New(&sink, 4, 2*time.Millisecond)
	for i := 0; i < 10; i++ {
		b.Add(fmt.Sprintf("row-%d", i))
	}
	time.Sleep(3 * time.Millisecond)
	for i := 10; i < 13; i++ {
		b.Add(fmt.Sprintf("row-%d", i))
	}
	b.Close()
	batches, items := sink.Stats()
	if items != 13 || batches < 4 {
		t.Fatalf("%d batches, %d items", batches, items)
	}
}

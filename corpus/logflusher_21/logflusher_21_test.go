package logflusher_21

import (
	"fmt"
	"testing"
)

func TestRun(t *testing.T) {
	w := NewWriter()
	for i := 0; i < 5; i++ {
		w.Log(fmt.Sprintf("request %d served", i))
	}
	written := 0
	for written < 5 {
		written += <-w.batches
	}
	w.Close()
	if written != 5 {
		t.Fatalf("flushed %d lines", written)
	}
}

package tokenbucket_03

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	l := New(2, time.Millisecond)
	defer l.Close()
	start := time.Now()
	for i := 0; i < 7; i++ {
		l.Acquire()
	}
	if time.Since(start) < 2*time.Millisecond {
		t.Fatalf("7 permits in %v", time.Since(start))
	}
}

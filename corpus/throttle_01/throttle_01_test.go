package throttle_01

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	l := NewLimiter(3, 200*time.Microsecond)
	defer l.Close()
	start := time.Now()
	sent := 0
	for i := 0; i < 10; i++ {
		l.Wait()
		sent++
	}
	if sent != 10 {
		t.Fatalf("sent %d", sent)
	}
	if el := time.Since(start); el > 500*time.Millisecond {
		t.Fatalf("took %v", el)
	}
}

package tickpoll_02

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	r := NewReporter(time.Millisecond)
	for i := 0; i < 30; i++ {
		r.Inc("requests")
		if i%3 == 0 {
			r.Inc("errors")
		}
		if i%10 == 9 {
			time.Sleep(time.Millisecond)
		}
	}
	r.Close()
	names, vals := r.Totals()
	if len(names) != 2 || names[0] != "errors" || vals[0] != 10 || vals[1] != 30 {
		t.Fatalf("totals: %v %v", names, vals)
	}
}

package generator_01

import "testing"

func TestRun(t *testing.T) {
	a := Batch("req", 5)
	b := Batch("job", 3)
	if len(a) != 5 || a[4] != "req-0005" {
		t.Fatalf("unexpected ids %v", a)
	}
	if len(b) != 3 || b[0] != "job-0001" {
		t.Fatalf("unexpected ids %v", b)
	}
}

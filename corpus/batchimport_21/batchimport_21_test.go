package batchimport_21

import "testing"

func TestRun(t *testing.T) {
	s := NewStore()
	lines := []string{
		"ana@example.org; Ana Lima",
		"BEN@example.org; Ben Ode",
		"email;name",
		"cai@example.org; Cai Wen",
	}
	if n := Import(s, lines); n != 3 {
		t.Fatalf("imported %d rows, want 3", n)
	}
}

package fanin_01

import "testing"

func TestRun(t *testing.T) {
	merged := Merge(Tail("api", 5), Tail("db", 3), Tail("cache", 4))
	counts := CountBySource(merged)
	want := map[string]int{"api": 5, "db": 3, "cache": 4}
	for src, n := range want {
		if counts[src] != n {
			t.Errorf("%s: got %d lines, want %d", src, counts[src], n)
		}
	}
}

package semaphore_01

import "testing"

func TestRun(t *testing.T) {
	f := &Fetcher{Limit: 2}
	names := []string{"a.tar", "b.tar", "c.zip", "d.iso", "e.img", "f.bin", "g.txt"}
	sums := f.FetchAll(names)
	if len(sums) != len(names) {
		t.Fatalf("got %d checksums", len(sums))
	}
	if p := f.Peak(); p < 1 || p > 2 {
		t.Fatalf("peak concurrency %d", p)
	}
}

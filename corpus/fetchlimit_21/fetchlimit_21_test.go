package fetchlimit_21

import (
	"fmt"
	"testing"
)

func TestRun(t *testing.T) {
	var urls []string
	for i := 0; i < 10; i++ {
		urls = append(urls, fmt.Sprintf("https://example.test/page/%d", i))
	}
	f := NewFetcher(3)
	counts := f.FetchAll(urls)
	for i, c := range counts {
		if c != 50 {
			t.Errorf("page %d: %d words", i, c)
		}
	}
	if p := f.Peak(); p > 3 || p < 1 {
		t.Fatalf("peak concurrency %d", p)
	}
}

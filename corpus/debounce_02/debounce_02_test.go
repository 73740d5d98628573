package debounce_02

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	s := NewSearch([]string{"channel", "chanmux", "context", "select"}, time.Millisecond)
	s.Type("c")
	s.Type("ch")
	s.Type("cha")
	hits := <-s.Results()
	if len(hits) != 2 {
		t.Fatalf("hits: %v", hits)
	}
	s.Type("co")
}

package startgate_21

import (
	"strings"
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	words := strings.Fields("pear fig apple kiwi plum lime date")
	s := NewService()
	s.Start(words)
	queries := []string{"kiwi", "mango", "date"}
	found := make([]bool, len(queries))
	var wg sync.WaitGroup
	for i, q := range queries {
		wg.Add(1)
		go func(i int, q string) {
			defer wg.Done()
			s.WaitReady()
			found[i] = s.Has(q)
		}(i, q)
	}
	wg.Wait()
	if !found[0] || found[1] || !found[2] {
		t.Fatalf("lookups gave %v", found)
	}
}

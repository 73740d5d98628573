package hitstats_21

import (
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	ep := &Endpoint{Path: "/api/items"}
	var wg sync.WaitGroup
	for w := 0; w < 5; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 1; i <= 100; i++ {
				ep.Record(int64(i + w))
			}
		}(w)
	}
	wg.Wait()
	s := ep.Snapshot()
	if s.Requests != 500 {
		t.Fatalf("requests = %d", s.Requests)
	}
	if s.MaxSize != 104 {
		t.Fatalf("max = %d", s.MaxSize)
	}
	if s.Bytes != 5*5050+100*(0+1+2+3+4) {
		t.Fatalf("bytes = %d", s.Bytes)
	}
}

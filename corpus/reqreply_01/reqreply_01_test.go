package reqreply_01

import (
	"fmt"
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	s := NewStore()
	var wg sync.WaitGroup
	for c := 0; c < 4; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			key := fmt.Sprintf("client-%d", c)
			s.Put(key, c*10)
			if v, ok := s.Get(key); !ok || v != c*10 {
				t.Errorf("%s: got %d %v", key, v, ok)
			}
			if c%2 == 0 {
				s.Delete(key)
			}
		}(c)
	}
	wg.Wait()
	if _, ok := s.Get("client-1"); !ok {
		t.Error("client-1 missing")
	}
	if _, ok := s.Get("client-2"); ok {
		t.Error("client-2 still present")
	}
	s.Close()
}

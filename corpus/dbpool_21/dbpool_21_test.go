package dbpool_21

import (
	"fmt"
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	p := NewPool(2)
	var wg sync.WaitGroup
	for w := 0; w < 5; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 6; i++ {
				c := p.Get()
				_ = c.Query(fmt.Sprintf("select %d", w*10+i))
				p.Put(c)
			}
		}(w)
	}
	wg.Wait()
	if n := p.Opened(); n > 2 {
		t.Fatalf("opened %d connections", n)
	}
	total := 0
	for _, c := range p.idle {
		total += c.Calls
	}
	if total != 30 {
		t.Fatalf("calls = %d", total)
	}
}

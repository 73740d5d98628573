package routetable_21

import (
	"fmt"
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	tb := NewTable()
	tb.Set("/api", "api-pool")
	tb.Set("/static", "cdn")
	tb.Alias("/v1", "/api")
	var wg sync.WaitGroup
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for i := 0; i < 400; i++ {
				if b := tb.Route(fmt.Sprintf("/v1/items/%d", i)); b == "" {
					t.Errorf("no route")
				}
			}
		}(r)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 150; i++ {
			tb.Set(fmt.Sprintf("/svc%d", i), fmt.Sprintf("pool-%d", i))
		}
	}()
	wg.Wait()
}

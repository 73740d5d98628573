package pricebook_01

import (
	"sync"
	"testing"
)

func quote(base int) int {
	q := base
	for i := 0; i < 3000; i++ {
		q = (q*17 + i) % 1000
	}
	return q%50 + 10
}

func TestRun(t *testing.T) {
	b := &Book{prices: map[string]int{"pen": 3}}
	c := NewCatalog(b)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		c.Restock("pen", 5)
	}()
	go func() {
		defer wg.Done()
		b.Set("pen", quote(7))
	}()
	wg.Wait()
	if v := c.Value("pen"); v != 5*quote(7) {
		t.Fatalf("value %d", v)
	}
}

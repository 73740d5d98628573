package onceconfig_21

import (
	"sync"
	"testing"
)

const text = `
# service settings
listen = :8080
workers = 4
mode = batch
`

func TestRun(t *testing.T) {
	p := NewProvider(text)
	keys := []string{"listen", "workers", "mode", "missing"}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			k := keys[i%len(keys)]
			_, ok := p.Lookup(k)
			if ok == (k == "missing") {
				t.Errorf("Lookup(%q) ok=%v", k, ok)
			}
		}(i)
	}
	wg.Wait()
	if n := p.Parses(); n != 1 {
		t.Fatalf("parsed %d times", n)
	}
}

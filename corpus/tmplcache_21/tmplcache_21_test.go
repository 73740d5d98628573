package tmplcache_21

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	m := &Mailer{src: "Hello {{name}}, order {{order}} has shipped."}
	var wg sync.WaitGroup
	out := make([]string, 6)
	for i := range out {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out[i] = m.Render(fmt.Sprintf("customer%d", i), fmt.Sprintf("#%d", 1000+i))
		}(i)
	}
	wg.Wait()
	for i, s := range out {
		if !strings.Contains(s, fmt.Sprintf("#%d", 1000+i)) {
			t.Fatalf("message %d: %q", i, s)
		}
	}
}

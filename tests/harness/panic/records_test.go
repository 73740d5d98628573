package records

import (
	"fmt"
	"testing"
	"time"
)

func TestParseStream(t *testing.T) {
	lines := make(chan string)
	go func() {
		start := time.Now()
		for i := 0; time.Since(start) < 300*time.Millisecond; i++ {
			lines <- fmt.Sprintf("item%d,%d", i, i)
			time.Sleep(100 * time.Microsecond)
		}
		lines <- "trailer"
		close(lines)
	}()
	total := 0
	for r := range Parse(lines, 3) {
		total += r.Value
	}
	t.Logf("total %d", total)
}

package report

import (
	"os"
	"sync"
	"testing"
)

func TestRowsToStdout(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Rows(os.Stdout, string(rune('A'+g)), 5000, 90)
		}()
	}
	wg.Wait()
}

package tokenbucket_01

import (
	"context"
	"sync"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	l := New(3, time.Millisecond)
	defer l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()

	var wg sync.WaitGroup
	var mu sync.Mutex
	sent := 0
	for c := 0; c < 3; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 3; i++ {
				if err := l.Wait(ctx); err != nil {
					return
				}
				mu.Lock()
				sent++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if sent != 9 {
		t.Fatalf("sent %d of 9", sent)
	}
}

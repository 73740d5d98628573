package shutdown_02

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	c := Start()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var wg sync.WaitGroup
	for _, k := range []string{"a", "b", "c"} {
		wg.Add(1)
		go func(k string) {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				if _, err := c.Add(ctx, k, 2); err != nil {
					t.Error(err)
					return
				}
			}
		}(k)
	}
	wg.Wait()
	if err := c.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Add(ctx, "a", 1); !errors.Is(err, ErrClosed) {
		t.Fatalf("add after shutdown: %v", err)
	}
	if got := c.Dump(); got != "a=10 b=10 c=10 " {
		t.Fatalf("state: %q", got)
	}
}

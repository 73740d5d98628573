package workpool_02

import (
	"context"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	p := New(2)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	for i := 1; i <= 10; i++ {
		v := i
		if err := p.Do(ctx, func() int { return v }); err != nil {
			t.Fatal(err)
		}
		if i == 4 {
			p.Resize(4)
		}
		if i == 7 {
			p.Resize(1)
		}
	}
	total, err := p.Shutdown(ctx)
	if err != nil || total != 55 {
		t.Fatalf("total %d, %v", total, err)
	}
}

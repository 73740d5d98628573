package confwatch_01

import (
	"context"
	"strconv"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	var src Source
	w := Watch(ctx, &src, 200*time.Microsecond)
	for i := 1; i <= 8; i++ {
		ch := w.Changed()
		want := strconv.Itoa(i)
		src.Set("replicas", want)
		select {
		case <-ch:
		case <-ctx.Done():
			t.Fatal("no change seen")
		}
		if got := w.Get("replicas"); got != want {
			cancel()
			<-w.Done()
			t.Fatalf("after change %d: replicas=%q", i, got)
		}
	}
	cancel()
	<-w.Done()
}

package ctxfetch_01

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	data := map[string]int{"a": 1, "b": 2, "c": 3}
	fast := &Backend{Delay: 100 * time.Microsecond, Data: data}
	got, err := FetchAll(context.Background(), fast, []string{"a", "b", "c"}, 200*time.Millisecond)
	if err != nil || len(got) != 3 || got["c"] != 3 {
		t.Fatalf("fast backend: %v %v", got, err)
	}

	if _, err := FetchAll(context.Background(), fast, []string{"a", "x"}, 200*time.Millisecond); err == nil {
		t.Fatal("missing key: no error")
	}

	slow := &Backend{Delay: 8 * time.Millisecond, Data: data}
	got, err = FetchAll(context.Background(), slow, []string{"a", "b"}, 2*time.Millisecond)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("slow backend: %v %v", got, err)
	}
}

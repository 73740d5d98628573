package first

import (
	"context"
	"testing"
	"time"
)

func TestFastestWins(t *testing.T) {
	v, err := First(context.Background(), Delayed(1, 0), Delayed(2, 20*time.Millisecond))
	if err != nil || v != 1 {
		t.Fatalf("First = %d, %v; want 1, nil", v, err)
	}
}

package hedge_01

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	replicas := []Replica{
		{"r1", 20 * time.Millisecond},
		{"r2", 500 * time.Microsecond},
		{"r3", 300 * time.Microsecond},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	v, err := Hedged(ctx, replicas, "user/42", time.Millisecond)
	if err != nil || strings.HasPrefix(v, "r1") {
		t.Fatalf("hedged: %q %v", v, err)
	}
	v, err = Hedged(ctx, replicas[1:], "user/7", 5*time.Millisecond)
	if err != nil || v != "r2:user/7" {
		t.Fatalf("no hedge needed: %q %v", v, err)
	}
}

package resolver_01

import (
	"context"
	"strings"
	"testing"
)

func budget(n int) int {
	v := 1
	for i := 0; i < n; i++ {
		v = (v*31 + i) % 65521
	}
	return v
}

func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		if budget(20000) >= 0 {
			cancel()
		}
	}()
	res := make(chan string, 1)
	go func() {
		a, _ := Resolve(ctx, "billing.internal")
		res <- a
	}()
	if a := <-res; a != "" && !strings.HasPrefix(a, "10.0.") {
		t.Fatalf("address %q", a)
	}
}

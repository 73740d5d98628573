package fangroup_01

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	look := func(ctx context.Context, name string) (string, error) {
		if strings.HasPrefix(name, "bad") {
			return "", errors.New("no such host: " + name)
		}
		d := time.Duration(len(name)) * 200 * time.Microsecond
		select {
		case <-time.After(d):
			return "10.0.0." + name[:1], nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	got, err := ResolveAll(context.Background(), []string{"a", "bb", "ccc"}, look)
	if err != nil || len(got) != 3 {
		t.Fatalf("resolve: %v %v", got, err)
	}
	_, err = ResolveAll(context.Background(), []string{"slowslowslow", "bad1", "x"}, look)
	if err == nil || !strings.Contains(err.Error(), "bad1") {
		t.Fatalf("first error: %v", err)
	}
}

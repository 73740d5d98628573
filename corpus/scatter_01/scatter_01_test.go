package scatter_01

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	mirrors := []Mirror{
		{Name: "eu", Delay: 2 * time.Millisecond},
		{Name: "us", Delay: 0, Fail: true},
		{Name: "asia", Delay: 500 * time.Microsecond},
	}
	name, idx, err := FirstIndex(mirrors)
	if err != nil || len(idx) != 3 {
		t.Fatalf("got %q %v %v", name, idx, err)
	}
	if _, _, err := FirstIndex([]Mirror{{Name: "x", Fail: true}}); err == nil {
		t.Fatal("expected an error")
	}
}

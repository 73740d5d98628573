package hedge_02

import (
	"strings"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	primary := &Backend{Name: "primary", Latency: 6 * time.Millisecond}
	secondary := &Backend{Name: "secondary", Latency: 200 * time.Microsecond}
	v := Read(primary, secondary, "cart/9", time.Millisecond)
	if !strings.HasSuffix(v, "/cart/9") {
		t.Fatalf("read: %q", v)
	}
	quick := &Backend{Name: "quick", Latency: 0}
	if v := Read(quick, secondary, "cart/1", 20*time.Millisecond); v != "quick/cart/1" {
		t.Fatalf("read: %q", v)
	}
}

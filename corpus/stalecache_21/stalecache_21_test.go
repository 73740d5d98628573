package stalecache_21

import "testing"

func TestRun(t *testing.T) {
	c := NewCache(upperFetch)
	keys := []string{"region", "zone", "region", "tier", "zone", "region"}
	for _, k := range keys {
		if got := c.Get(k); got != upperFetch(k) {
			t.Fatalf("Get(%q) = %q", k, got)
		}
	}
}

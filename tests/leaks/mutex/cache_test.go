package mutex

import "testing"

func TestFreeze(t *testing.T) {
	c := New()
	c.Freeze()
	c.Put("a", 1)
}

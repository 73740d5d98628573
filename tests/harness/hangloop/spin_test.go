package spin

import "testing"

func TestWaitAfterOpen(t *testing.T) {
	var g Gate
	go func() {
		var other Gate
		other.Open()
	}()
	if n := g.Wait(); n < 0 {
		t.Fatal("negative poll count")
	}
}

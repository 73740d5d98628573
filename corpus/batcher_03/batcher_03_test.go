package batcher_03

import "testing"

func TestRun(t *testing.T) {
	var r Remote
	u := NewUploader(&r, 4)
	for i := 0; i < 10; i++ {
		u.Put(i)
	}
	u.Close()
	if items, calls := r.Received(); items != 10 || calls != 3 {
		t.Fatalf("remote got %d items in %d calls", items, calls)
	}
}

package exchange_01

import "testing"

func TestRun(t *testing.T) {
	a := &Peer{Name: "a", State: Vector{"a": 4, "b": 1}}
	b := &Peer{Name: "b", State: Vector{"a": 2, "b": 7, "c": 1}}
	Pair(a, b)
	x, y := SyncPair(a, b)
	if x["b"] != 7 || y["a"] != 4 || len(x) != 3 {
		t.Fatalf("merged %v and %v", x, y)
	}
}

package nilchan_01

import "testing"

func TestRun(t *testing.T) {
	a := Feed([]Event{{1, "login"}, {4, "view"}, {9, "logout"}})
	b := Feed([]Event{{2, "tick"}, {3, "tick"}, {5, "tick"}, {8, "tick"}})
	all, na, nb := Combine(a, b)
	if na != 3 || nb != 4 || len(all) != 7 {
		t.Fatalf("got %d/%d of %d events", na, nb, len(all))
	}
}

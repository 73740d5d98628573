package trylock_01

import "testing"

func TestRun(t *testing.T) {
	var e Entry
	won := Storm(&e, 4, 3)
	_, version := e.Get()
	if won < 1 || version != won {
		t.Fatalf("won %d, version %d", won, version)
	}
}

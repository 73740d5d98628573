package rwmutex

import "testing"

func TestSnapshot(t *testing.T) {
	var tb Table
	_ = tb.Snapshot() // never released
	tb.Append(1)
}

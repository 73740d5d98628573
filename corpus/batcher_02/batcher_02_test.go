package batcher_02

import (
	"strconv"
	"testing"
)

func TestRun(t *testing.T) {
	var st Store
	w := NewWriter(&st, 3)
	for i := 0; i < 7; i++ {
		w.Write(strconv.Itoa(i))
	}
	w.Close()
	rows := st.Rows()
	if len(rows) != 3 || rows[2] != "6" {
		t.Fatalf("rows: %q", rows)
	}
}

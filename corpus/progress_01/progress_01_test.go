package progress_01

import (
	"hash/fnv"
	"io"
	"testing"
)

func TestRun(t *testing.T) {
	data := make([]byte, 64*1024)
	for i := range data {
		data[i] = byte(i * 7)
	}
	got := Copy(io.Discard, data, 8*1024)
	h := fnv.New64a()
	h.Write(data)
	if got != h.Sum64() {
		t.Fatalf("hash mismatch")
	}
}

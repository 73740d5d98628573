// Package progress_01 copies data in chunks and reports progress to a
// printer goroutine that writes status lines.
package progress_01

import (
	"fmt"
	"hash/fnv"
	"io"
)

// Update is a progress report.
type Update struct {
	Done, Total int
}

func printer(w io.Writer, updates <-chan Update) {
	for u := range updates {
		fmt.Fprintf(w, "\r%3d%% (%d/%d bytes)", u.Done*100/u.Total, u.Done, u.Total)
	}
}

// Copy hashes src in chunks of the given size, reporting progress to w, and
// returns the hash of the data.
func Copy(w io.Writer, src []byte, chunk int) uint64 {
	updates := make(chan Update, 4)
	go printer(w, updates)
	h := fnv.New64a()
	for off := 0; off < len(src); off += chunk {
		end := off + chunk
		if end > len(src) {
			end = len(src)
		}
		h.Write(src[off:end])
		updates <- Update{Done: end, Total: len(src)}
	}
	return h.Sum64()
}

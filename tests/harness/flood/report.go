// Package report prints tables.
package report

import (
	"fmt"
	"io"
)

// Rows writes n numbered rows of width w to out.
func Rows(out io.Writer, prefix string, n, w int) {
	pad := make([]byte, w)
	for i := range pad {
		pad[i] = 'a' + byte(i%26)
	}
	for i := 0; i < n; i++ {
		fmt.Fprintf(out, "%s %6d %s\n", prefix, i, pad)
	}
}

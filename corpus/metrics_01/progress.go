// Package metrics_01 converts a batch of records on worker goroutines and
// reports progress as records complete.
package metrics_01

import (
	"fmt"
	"io"
	"strings"
	"sync/atomic"
)

// Progress counts completed records.
type Progress struct {
	done  int64
	total int64
}

// Inc marks one more record as complete.
func (p *Progress) Inc() { atomic.AddInt64(&p.done, 1) }

// Percent returns the completed share of the batch.
func (p *Progress) Percent() int {
	if p.total == 0 {
		return 100
	}
	return int(p.done * 100 / p.total)
}

// Convert upper-cases the records on n workers, printing progress to w.
func Convert(w io.Writer, records []string, n int) []string {
	p := &Progress{total: int64(len(records))}
	jobs := make(chan int, len(records))
	type res struct {
		i int
		s string
	}
	results := make(chan res)
	for k := 0; k < n; k++ {
		go func() {
			for i := range jobs {
				results <- res{i, strings.ToUpper(records[i])}
				p.Inc()
			}
		}()
	}
	for i := range records {
		jobs <- i
	}
	close(jobs)
	out := make([]string, len(records))
	for range records {
		r := <-results
		out[r.i] = r.s
		fmt.Fprintf(w, "converted %d%%\n", p.Percent())
	}
	return out
}

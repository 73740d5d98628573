// Package pipeline_02 loads CSV-like records through a reader stage and a
// validation stage, stopping at the first record that cannot be loaded.
package pipeline_02

import (
	"fmt"
	"strconv"
	"strings"
)

// Record is one row of the input.
type Record struct {
	Line   int
	Fields []string
}

func read(rows []string) <-chan Record {
	out := make(chan Record)
	go func() {
		defer close(out)
		for i, r := range rows {
			out <- Record{Line: i + 1, Fields: strings.Split(r, ",")}
		}
	}()
	return out
}

type checked struct {
	rec Record
	err error
}

func validate(in <-chan Record) <-chan checked {
	out := make(chan checked)
	go func() {
		defer close(out)
		for r := range in {
			var err error
			if len(r.Fields) != 3 {
				err = fmt.Errorf("line %d: want 3 fields, got %d", r.Line, len(r.Fields))
			} else if _, e := strconv.Atoi(r.Fields[2]); e != nil {
				err = fmt.Errorf("line %d: bad amount %q", r.Line, r.Fields[2])
			}
			out <- checked{rec: r, err: err}
		}
	}()
	return out
}

// Load returns the sum of the amounts, or the first validation error.
func Load(rows []string) (int, error) {
	total := 0
	for c := range validate(read(rows)) {
		if c.err != nil {
			return 0, c.err
		}
		n, _ := strconv.Atoi(c.rec.Fields[2])
		total += n
	}
	return total, nil
}

// Package records parses "name,value" records in a pipeline.
package records

import (
	"strconv"
	"strings"
	"sync"
)

// Record is one parsed line.
type Record struct {
	Name  string
	Value int
}

func parse(line string) Record {
	parts := strings.Split(line, ",")
	v, _ := strconv.Atoi(parts[1])
	return Record{Name: parts[0], Value: v}
}

// Parse parses the lines received on in with workers goroutines and sends
// the records on the returned channel, closed when in is drained.
func Parse(in <-chan string, workers int) <-chan Record {
	out := make(chan Record)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			for line := range in {
				out <- parse(line)
			}
			wg.Done()
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

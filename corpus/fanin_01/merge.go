// Package fanin_01 tails several log sources and merges their lines into a
// single stream.
package fanin_01

import (
	"fmt"
	"sync"
)

// Line is one log line tagged with its source.
type Line struct {
	Source string
	Text   string
}

// Tail emits n lines from the named source and closes its channel.
func Tail(source string, n int) <-chan Line {
	out := make(chan Line)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			out <- Line{Source: source, Text: fmt.Sprintf("%s entry %d", source, i)}
		}
	}()
	return out
}

// Merge forwards every line of every input to one output channel, which is
// closed once all inputs are drained.
func Merge(inputs ...<-chan Line) <-chan Line {
	out := make(chan Line)
	var wg sync.WaitGroup
	wg.Add(len(inputs))
	for _, in := range inputs {
		go func(in <-chan Line) {
			defer wg.Done()
			for l := range in {
				out <- l
			}
		}(in)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// CountBySource drains the stream and counts lines per source.
func CountBySource(in <-chan Line) map[string]int {
	counts := make(map[string]int)
	for l := range in {
		counts[l.Source]++
	}
	return counts
}

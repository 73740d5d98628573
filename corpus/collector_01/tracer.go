// Package collector_01 serves a batch of requests concurrently and records a
// span for each one in a shared recorder.
package collector_01

import (
	"fmt"
	"time"
)

// Span is the timing record of one request.
type Span struct {
	Name string
	Dur  time.Duration
}

// Recorder keeps finished spans.
type Recorder struct {
	spans []Span
}

// Record appends a finished span.
func (r *Recorder) Record(s Span) { r.spans = append(r.spans, s) }

// Spans returns the recorded spans.
func (r *Recorder) Spans() []Span { return r.spans }

func handle(path string) string {
	sum := 0
	for i := 0; i < len(path)*50; i++ {
		sum += i % 13
	}
	return fmt.Sprintf("200 %s %d", path, sum)
}

// ServeAll handles every path in its own goroutine and returns the responses
// in completion order.
func ServeAll(rec *Recorder, paths []string) []string {
	out := make(chan string)
	for _, p := range paths {
		go func(p string) {
			start := time.Now()
			resp := handle(p)
			rec.Record(Span{Name: p, Dur: time.Since(start)})
			out <- resp
		}(p)
	}
	var resps []string
	for range paths {
		resps = append(resps, <-out)
	}
	return resps
}

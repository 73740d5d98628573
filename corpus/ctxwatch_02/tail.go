package ctxwatch_02

import (
	"context"
	"strings"
)

// Log is an in-memory log that can be read line by line.
type Log struct {
	lines []string
	pos   int
}

// NewLog holds text split into lines.
func NewLog(text string) *Log { return &Log{lines: strings.Split(text, "\n")} }

func (l *Log) next(ctx context.Context) (string, bool) {
	if ctx.Err() != nil || l.pos >= len(l.lines) {
		return "", false
	}
	l.pos++
	return l.lines[l.pos-1], true
}

// Tail streams the log's lines until it ends or ctx ends.
func Tail(ctx context.Context, l *Log) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for {
			line, ok := l.next(ctx)
			if !ok {
				return
			}
			out <- line
		}
	}()
	return out
}

// FirstError returns the first line containing "ERROR", if any.
func FirstError(ctx context.Context, l *Log) (string, bool) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for line := range Tail(ctx, l) {
		if strings.Contains(line, "ERROR") {
			return line, true
		}
	}
	return "", false
}

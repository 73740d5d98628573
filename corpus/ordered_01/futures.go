// Package ordered_01 renders pages concurrently but returns them in input
// order, using one single-slot channel per page as a future.
package ordered_01

import (
	"fmt"
	"strings"
)

// Page is a template name and its parameters.
type Page struct {
	Template string
	Params   []string
}

func render(p Page) string {
	var b strings.Builder
	b.WriteString("<" + p.Template + ">")
	for i, v := range p.Params {
		fmt.Fprintf(&b, "<p id=%d>%s</p>", i, strings.ToUpper(v))
	}
	return b.String()
}

// RenderAll renders every page in its own goroutine and collects the output
// in the order of pages.
func RenderAll(pages []Page) []string {
	futures := make([]chan string, len(pages))
	for i, p := range pages {
		f := make(chan string, 1)
		futures[i] = f
		go func(p Page) {
			f <- render(p)
		}(p)
	}
	out := make([]string, 0, len(pages))
	for _, f := range futures {
		out = append(out, <-f)
	}
	return out
}

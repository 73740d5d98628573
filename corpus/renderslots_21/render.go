package renderslots_21

import (
	"fmt"
	"time"
)

// Page is a document page to rasterise.
type Page struct {
	Num   int
	Lines []string
}

type output struct {
	num   int
	bytes int
	err   error
}

// Renderer rasterises pages with a bounded number of renders at a time.
type Renderer struct {
	slots chan struct{}
}

func NewRenderer(parallel int) *Renderer {
	return &Renderer{slots: make(chan struct{}, parallel)}
}

func (r *Renderer) render(p Page, out chan<- output) {
	r.slots <- struct{}{}
	if len(p.Lines) == 0 {
		out <- output{num: p.Num, err: fmt.Errorf("page %d is empty", p.Num)}
		return
	}
	n := 0
	for _, l := range p.Lines {
		n += len(l) * 8
	}
	<-r.slots
	out <- output{num: p.Num, bytes: n}
}

// RenderAll renders the pages and collects what finished before the
// deadline; it returns the byte size of every rendered page.
func (r *Renderer) RenderAll(pages []Page, deadline time.Duration) (map[int]int, []error) {
	out := make(chan output, len(pages))
	for _, p := range pages {
		go r.render(p, out)
	}
	sizes := make(map[int]int)
	var errs []error
	timeout := time.After(deadline)
	for range pages {
		select {
		case o := <-out:
			if o.err != nil {
				errs = append(errs, o.err)
				continue
			}
			sizes[o.num] = o.bytes
		case <-timeout:
			return sizes, append(errs, fmt.Errorf("render deadline passed"))
		}
	}
	return sizes, errs
}

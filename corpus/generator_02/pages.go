// Package generator_02 searches a paginated listing through a page iterator
// that runs in its own goroutine.
package generator_02

import "strings"

// Store holds the listing, split into pages.
type Store struct {
	Items    []string
	PageSize int
}

// Pages streams the listing one page at a time.
func (s *Store) Pages() <-chan []string {
	out := make(chan []string)
	go func() {
		defer close(out)
		for start := 0; start < len(s.Items); start += s.PageSize {
			end := start + s.PageSize
			if end > len(s.Items) {
				end = len(s.Items)
			}
			out <- s.Items[start:end]
		}
	}()
	return out
}

// FindPrefix returns the first item that starts with prefix and the page it
// was found on.
func FindPrefix(s *Store, prefix string) (string, int, bool) {
	page := 0
	for items := range s.Pages() {
		for _, it := range items {
			if strings.HasPrefix(it, prefix) {
				return it, page, true
			}
		}
		page++
	}
	return "", 0, false
}

package debounce_02

import (
	"strings"
	"time"
)

// Search runs a query once the user has stopped typing for a while and
// publishes the matches.
type Search struct {
	words   []string
	typed   chan string
	results chan []string
}

// NewSearch starts the search loop over words.
func NewSearch(words []string, quiet time.Duration) *Search {
	s := &Search{words: words, typed: make(chan string), results: make(chan []string)}
	go s.loop(quiet)
	return s
}

// Type reports the current content of the search box.
func (s *Search) Type(q string) { s.typed <- q }

// Results delivers the matches of each settled query.
func (s *Search) Results() <-chan []string { return s.results }

func (s *Search) loop(quiet time.Duration) {
	var timer *time.Timer
	var fire <-chan time.Time
	var query string
	for {
		select {
		case q := <-s.typed:
			query = q
			if timer != nil {
				timer.Stop()
			}
			timer = time.NewTimer(quiet)
			fire = timer.C
		case <-fire:
			fire = nil
			var hits []string
			for _, w := range s.words {
				if strings.HasPrefix(w, query) {
					hits = append(hits, w)
				}
			}
			s.results <- hits
		}
	}
}

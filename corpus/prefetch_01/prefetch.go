// Package prefetch_01 looks up user profiles, prefetching the profile of
// the next user in a list while the current one is being rendered.
package prefetch_01

import (
	"fmt"
	"strings"
)

// Profile is what the store returns for a user.
type Profile struct {
	ID   int
	Name string
}

type store struct {
	names map[int]string
}

func (s *store) load(id int) Profile {
	return Profile{ID: id, Name: s.names[id]}
}

// prefetch starts loading id in the background and returns the channel
// the profile will arrive on.
func (s *store) prefetch(id int) <-chan Profile {
	ch := make(chan Profile)
	go func() {
		p := s.load(id)
		ch <- p
	}()
	return ch
}

// Render renders the profiles of ids in order, up to limit lines.
func Render(names map[int]string, ids []int, limit int) string {
	s := &store{names: names}
	var b strings.Builder
	next := s.prefetch(ids[0])
	for i := range ids {
		p := <-next
		if i+1 < len(ids) {
			next = s.prefetch(ids[i+1])
		}
		fmt.Fprintf(&b, "%d:%s\n", p.ID, p.Name)
		if i+1 == limit {
			break
		}
	}
	return b.String()
}

// Package scatter_01 asks several mirrors for the same package index and uses
// whichever answers first.
package scatter_01

import (
	"errors"
	"time"
)

// Mirror serves an index after a delay.
type Mirror struct {
	Name  string
	Delay time.Duration
	Fail  bool
}

type answer struct {
	mirror string
	index  []string
	err    error
}

func (m Mirror) fetch() answer {
	time.Sleep(m.Delay)
	if m.Fail {
		return answer{mirror: m.Name, err: errors.New(m.Name + ": unavailable")}
	}
	return answer{mirror: m.Name, index: []string{"pkg-a", "pkg-b", "pkg-c"}}
}

// FirstIndex returns the first successful answer, or the last error.
func FirstIndex(mirrors []Mirror) (string, []string, error) {
	answers := make(chan answer, len(mirrors))
	for _, m := range mirrors {
		go func(m Mirror) {
			answers <- m.fetch()
		}(m)
	}
	var err error
	for range mirrors {
		a := <-answers
		if a.err == nil {
			return a.mirror, a.index, nil
		}
		err = a.err
	}
	return "", nil, err
}

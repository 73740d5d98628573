package pagecounter_21

import (
	"strings"
	"sync"
)

// Counter tallies page views per section of a site.
type Counter struct {
	sections []string
	views    []int
	total    int
}

func NewCounter(sections ...string) *Counter {
	return &Counter{sections: sections, views: make([]int, len(sections))}
}

func (c *Counter) sectionOf(path string) int {
	for i, s := range c.sections {
		if strings.HasPrefix(path, "/"+s) {
			return i
		}
	}
	return -1
}

// Hit counts one view of path.
func (c *Counter) Hit(path string) {
	if i := c.sectionOf(path); i >= 0 {
		c.views[i]++
	}
	c.total++
}

// Replay feeds access-log lines to the counter from several goroutines.
func Replay(c *Counter, logs [][]string) {
	var wg sync.WaitGroup
	for _, part := range logs {
		wg.Add(1)
		go func(lines []string) {
			defer wg.Done()
			for _, l := range lines {
				c.Hit(l)
			}
		}(part)
	}
	wg.Wait()
}

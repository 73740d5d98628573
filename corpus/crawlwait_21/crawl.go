package crawlwait_21

import (
	"strings"
	"sync"
)

// Site is an in-memory set of pages and their links.
type Site map[string][]string

// Crawler visits every page reachable from a start page.
type Crawler struct {
	site    Site
	mu      sync.Mutex
	visited map[string]int
	wg      sync.WaitGroup
}

func NewCrawler(site Site) *Crawler {
	return &Crawler{site: site, visited: make(map[string]int)}
}

func (c *Crawler) visit(page string, depth int) {
	defer c.wg.Done()
	c.mu.Lock()
	if _, seen := c.visited[page]; seen {
		c.mu.Unlock()
		return
	}
	c.visited[page] = depth
	c.mu.Unlock()
	links := c.site[page]
	for _, l := range links {
		c.wg.Add(1)
		go c.visit(l, depth+1)
	}
	if strings.HasSuffix(page, "/index") {
		// index pages report only after their whole subtree is done
		c.wg.Wait()
	}
}

// Crawl returns the depth at which each page was first reached.
func (c *Crawler) Crawl(start string) map[string]int {
	c.wg.Add(1)
	go c.visit(start, 0)
	c.wg.Wait()
	return c.visited
}

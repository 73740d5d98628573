package workpool_05

import (
	"strings"
	"sync"
)

// Page is a fetched document and the links found in it.
type Page struct {
	URL   string
	Links []string
}

// Site maps URLs to their outgoing links.
type Site map[string][]string

// Stats is what a crawl collected.
type Stats struct {
	Pages  int
	Links  int
	Hosts  map[string]int
	Errors int
}

// Crawl fetches each URL on its own worker, up to workers at a time.
func Crawl(site Site, urls []string, workers int) Stats {
	st := Stats{Hosts: make(map[string]int)}
	var mu sync.Mutex
	var wg sync.WaitGroup
	queue := make(chan string)
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range queue {
				links, ok := site[u]
				if !ok {
					st.Errors++
					continue
				}
				st.Pages++
				st.Links += len(links)
				host := strings.SplitN(strings.TrimPrefix(u, "http://"), "/", 2)[0]
				mu.Lock()
				st.Hosts[host]++
				mu.Unlock()
			}
		}()
	}
	for _, u := range urls {
		queue <- u
	}
	close(queue)
	wg.Wait()
	return st
}

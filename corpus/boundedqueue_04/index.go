// Package boundedqueue_04 builds a search index: documents are queued, then
// indexer goroutines tokenize them and fill the posting lists.
package boundedqueue_04

import (
	"strings"
	"sync"
)

// Index maps a term to the ids of documents that contain it.
type Index struct {
	mu       sync.Mutex
	postings map[string][]int
}

type doc struct {
	id   int
	text string
}

func (ix *Index) add(d doc) {
	seen := make(map[string]bool)
	for _, w := range strings.Fields(strings.ToLower(d.text)) {
		if seen[w] {
			continue
		}
		seen[w] = true
		ix.mu.Lock()
		ix.postings[w] = append(ix.postings[w], d.id)
		ix.mu.Unlock()
	}
}

// Build indexes the documents with the given number of indexers, queueing
// at most depth documents at a time.
func Build(texts []string, indexers, depth int) *Index {
	ix := &Index{postings: make(map[string][]int)}
	queue := make(chan doc, depth)
	for i, t := range texts {
		queue <- doc{id: i, text: t}
	}
	close(queue)

	var wg sync.WaitGroup
	for w := 0; w < indexers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range queue {
				ix.add(d)
			}
		}()
	}
	wg.Wait()
	return ix
}

// Lookup returns the documents containing term.
func (ix *Index) Lookup(term string) []int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.postings[term]
}

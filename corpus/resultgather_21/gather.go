package resultgather_21

import (
	"fmt"
	"strings"
	"sync"
)

// Record is one parsed line of an inventory file.
type Record struct {
	SKU   string
	Count int
}

type result struct {
	rec Record
	err error
}

// Parser keeps a running count of lines handled by all workers.
type Parser struct {
	mu      sync.Mutex
	handled int
}

func (p *Parser) parseLine(line string) (Record, error) {
	p.mu.Lock()
	p.handled++
	p.mu.Unlock()
	sku, count, ok := strings.Cut(line, ",")
	if !ok {
		return Record{}, fmt.Errorf("malformed line %q", line)
	}
	var n int
	if _, err := fmt.Sscanf(count, "%d", &n); err != nil {
		return Record{}, err
	}
	return Record{SKU: sku, Count: n}, nil
}

// ParseAll parses every line in its own goroutine and returns the
// records, or the first error reported.
func (p *Parser) ParseAll(lines []string) ([]Record, error) {
	out := make(chan result)
	for _, l := range lines {
		go func(l string) {
			rec, err := p.parseLine(l)
			out <- result{rec, err}
		}(l)
	}
	var recs []Record
	for range lines {
		r := <-out
		if r.err != nil {
			return nil, r.err
		}
		recs = append(recs, r.rec)
	}
	return recs, nil
}

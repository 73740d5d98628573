package workpool_03

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
)

// Result is the digest computed for one input.
type Result struct {
	Input  string
	Digest string
}

// Pool hashes inputs on a few workers.
type Pool struct {
	inputs  chan string
	results chan Result
	once    sync.Once
}

// Start launches n workers.
func Start(n int) *Pool {
	p := &Pool{inputs: make(chan string, 16), results: make(chan Result)}
	for i := 0; i < n; i++ {
		go p.worker()
	}
	return p
}

// Add queues an input.
func (p *Pool) Add(s string) { p.inputs <- s }

// Results delivers digests as they are computed.
func (p *Pool) Results() <-chan Result { return p.results }

// Stop stops accepting inputs.
func (p *Pool) Stop() {
	p.once.Do(func() { close(p.inputs) })
}

func (p *Pool) worker() {
	for s := range p.inputs {
		sum := sha256.Sum256([]byte(s))
		p.results <- Result{Input: s, Digest: hex.EncodeToString(sum[:])}
	}
}

// Lookup waits for the digest of input, looking at no more than limit
// results.
func Lookup(p *Pool, input string, limit int) (string, bool) {
	for i := 0; i < limit; i++ {
		r := <-p.Results()
		if r.Input == input {
			return r.Digest, true
		}
	}
	return "", false
}

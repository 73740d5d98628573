// Package ingest_01 checks records against a schema that a migration may
// change while records flow in; the checker stops at the first record it
// cannot check.
package ingest_01

import (
	"fmt"
	"sync"
)

// Schema is a version and its field count, each set on its own.
type Schema struct {
	mu      sync.Mutex
	version int
	fields  int
}

// FieldsFor is how many fields version v has.
func FieldsFor(v int) int { return v + 2 }

// SetVersion sets the schema version.
func (s *Schema) SetVersion(v int) {
	s.mu.Lock()
	s.version = v
	s.mu.Unlock()
}

// SetFields sets the field count.
func (s *Schema) SetFields(n int) {
	s.mu.Lock()
	s.fields = n
	s.mu.Unlock()
}

// Get returns the version and the field count.
func (s *Schema) Get() (int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.version, s.fields
}

// Checker takes records one at a time.
type Checker struct {
	in     chan []string
	schema *Schema
	done   chan struct{}
	ok     int
	err    error
}

// NewChecker starts a checker against schema s.
func NewChecker(s *Schema) *Checker {
	c := &Checker{in: make(chan []string), schema: s, done: make(chan struct{})}
	go c.run()
	return c
}

func (c *Checker) run() {
	defer close(c.done)
	for rec := range c.in {
		v, n := c.schema.Get()
		if n != FieldsFor(v) {
			c.err = fmt.Errorf("schema v%d with %d fields", v, n)
			return
		}
		if len(rec) <= n {
			c.ok++
		}
	}
}

// Add hands a record to the checker.
func (c *Checker) Add(rec []string) { c.in <- rec }

// Finish waits for the checker and returns how many records fit.
func (c *Checker) Finish() (int, error) {
	close(c.in)
	<-c.done
	return c.ok, c.err
}

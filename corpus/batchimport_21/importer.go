package batchimport_21

import (
	"strings"
	"sync"
)

// Customer is one imported row.
type Customer struct {
	Email string
	Name  string
}

// Store collects imported customers keyed by email.
type Store struct {
	mu   sync.Mutex
	rows map[string]Customer
}

func NewStore() *Store { return &Store{rows: make(map[string]Customer)} }

func (s *Store) put(c Customer) {
	s.mu.Lock()
	s.rows[c.Email] = c
	s.mu.Unlock()
}

// Import parses CSV-like lines "email;name" concurrently and returns
// how many rows were stored. Lines without an email are ignored.
func Import(s *Store, lines []string) int {
	var wg sync.WaitGroup
	wg.Add(len(lines))
	for _, line := range lines {
		email, name, _ := strings.Cut(line, ";")
		email = strings.ToLower(strings.TrimSpace(email))
		if !strings.Contains(email, "@") {
			continue
		}
		go func(c Customer) {
			defer wg.Done()
			s.put(c)
		}(Customer{Email: email, Name: strings.TrimSpace(name)})
	}
	wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.rows)
}

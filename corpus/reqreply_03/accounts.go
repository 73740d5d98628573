// Package reqreply_03 is an account service run by one goroutine. Clients
// send requests with a reply channel and can subscribe to balance alerts.
package reqreply_03

import "errors"

type transfer struct {
	from, to string
	amount   int
	reply    chan error
}

// Service owns the balances.
type Service struct {
	reqs     chan transfer
	alerts   chan string
	balances map[string]int
	floor    int
}

// NewService starts the service goroutine. Alerts for accounts that drop
// below floor are sent on the returned service's Alerts channel.
func NewService(balances map[string]int, floor int) *Service {
	s := &Service{
		reqs:     make(chan transfer),
		alerts:   make(chan string),
		balances: balances,
		floor:    floor,
	}
	go s.run()
	return s
}

// Alerts delivers the names of accounts whose balance fell below the floor.
func (s *Service) Alerts() <-chan string { return s.alerts }

func (s *Service) run() {
	for t := range s.reqs {
		if s.balances[t.from] < t.amount {
			t.reply <- errors.New("insufficient funds")
			continue
		}
		s.balances[t.from] -= t.amount
		s.balances[t.to] += t.amount
		if s.balances[t.from] < s.floor {
			s.alerts <- t.from
		}
		t.reply <- nil
	}
}

// Transfer moves amount between two accounts.
func (s *Service) Transfer(from, to string, amount int) error {
	reply := make(chan error)
	s.reqs <- transfer{from: from, to: to, amount: amount, reply: reply}
	return <-reply
}

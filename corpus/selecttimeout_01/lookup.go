// Package selecttimeout_01 resolves hostnames through a slow backend and gives
// up on lookups that take longer than a deadline.
package selecttimeout_01

import (
	"errors"
	"time"
)

// ErrTimeout is returned when the backend does not answer in time.
var ErrTimeout = errors.New("lookup timed out")

// Backend answers lookups after a fixed delay.
type Backend struct {
	Delay time.Duration
	Table map[string]string
}

func (b *Backend) resolve(host string) string {
	time.Sleep(b.Delay)
	return b.Table[host]
}

// Resolver bounds every lookup by Timeout.
type Resolver struct {
	Backend *Backend
	Timeout time.Duration
}

// Lookup asks the backend for host and waits at most r.Timeout.
func (r *Resolver) Lookup(host string) (string, error) {
	result := make(chan string, 1)
	go func() {
		result <- r.Backend.resolve(host)
	}()
	select {
	case addr := <-result:
		return addr, nil
	case <-time.After(r.Timeout):
		return "", ErrTimeout
	}
}

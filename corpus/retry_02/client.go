package retry_02

import (
	"errors"
	"fmt"
	"time"
)

// ErrAttemptTimeout is returned when one attempt takes too long.
var ErrAttemptTimeout = errors.New("attempt timed out")

type outcome struct {
	body string
	err  error
}

// Client calls a remote operation with a limit per attempt and retries.
type Client struct {
	PerTry   time.Duration
	Attempts int
	Backoff  time.Duration
}

func (c *Client) once(op func() (string, error)) (string, error) {
	ch := make(chan outcome)
	go func() {
		body, err := op()
		ch <- outcome{body, err}
	}()
	select {
	case o := <-ch:
		return o.body, o.err
	case <-time.After(c.PerTry):
		return "", ErrAttemptTimeout
	}
}

// Get runs op until an attempt succeeds.
func (c *Client) Get(op func() (string, error)) (string, error) {
	var last error
	for i := 0; i < c.Attempts; i++ {
		body, err := c.once(op)
		if err == nil {
			return body, nil
		}
		last = err
		time.Sleep(c.Backoff)
	}
	return "", fmt.Errorf("after %d attempts: %w", c.Attempts, last)
}

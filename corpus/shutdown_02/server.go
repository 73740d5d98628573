package shutdown_02

import (
	"context"
	"errors"
	"strconv"
)

// ErrClosed is returned for requests made after shutdown.
var ErrClosed = errors.New("server closed")

type request struct {
	key   string
	delta int
	reply chan int
}

// Counter is a tiny in-process service: it owns a map of counters and
// serves requests from its own goroutine.
type Counter struct {
	reqs  chan request
	quit  chan struct{}
	done  chan struct{}
	state map[string]int
}

// Start launches the service loop.
func Start() *Counter {
	c := &Counter{reqs: make(chan request), quit: make(chan struct{}), done: make(chan struct{}), state: map[string]int{}}
	go c.loop()
	return c
}

func (c *Counter) loop() {
	defer close(c.done)
	for {
		select {
		case r := <-c.reqs:
			c.state[r.key] += r.delta
			r.reply <- c.state[r.key]
		case <-c.quit:
			return
		}
	}
}

// Add changes a counter and returns its new value.
func (c *Counter) Add(ctx context.Context, key string, delta int) (int, error) {
	r := request{key: key, delta: delta, reply: make(chan int, 1)}
	select {
	case c.reqs <- r:
	case <-c.done:
		return 0, ErrClosed
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	return <-r.reply, nil
}

// Shutdown stops the loop and waits for it, or for ctx.
func (c *Counter) Shutdown(ctx context.Context) error {
	close(c.quit)
	select {
	case <-c.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Dump renders the counters after shutdown.
func (c *Counter) Dump() string {
	<-c.done
	s := ""
	for _, k := range []string{"a", "b", "c"} {
		s += k + "=" + strconv.Itoa(c.state[k]) + " "
	}
	return s
}

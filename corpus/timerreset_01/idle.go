package timerreset_01

import (
	"context"
	"time"
)

// Conn is a connection that is closed after a period with no activity.
type Conn struct {
	idle     time.Duration
	activity chan int
	closed   chan struct{}
	bytes    int
	reason   string
}

// Open starts the idle watcher for a new connection.
func Open(ctx context.Context, idle time.Duration) *Conn {
	c := &Conn{idle: idle, activity: make(chan int), closed: make(chan struct{})}
	go c.watch(ctx)
	return c
}

// Write records n bytes of traffic; it reports false once the
// connection is closed.
func (c *Conn) Write(n int) bool {
	select {
	case c.activity <- n:
		return true
	case <-c.closed:
		return false
	}
}

// Closed is closed when the connection has been shut.
func (c *Conn) Closed() <-chan struct{} { return c.closed }

// Stats returns the traffic seen and why the connection closed; call it
// after Closed is closed.
func (c *Conn) Stats() (int, string) { return c.bytes, c.reason }

func (c *Conn) watch(ctx context.Context) {
	defer close(c.closed)
	t := time.NewTimer(c.idle)
	defer t.Stop()
	for {
		select {
		case n := <-c.activity:
			c.bytes += n
			if !t.Stop() {
				select {
				case <-t.C:
				default:
				}
			}
			t.Reset(c.idle)
		case <-t.C:
			c.reason = "idle"
			return
		case <-ctx.Done():
			c.reason = "cancelled"
			return
		}
	}
}

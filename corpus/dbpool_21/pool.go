package dbpool_21

import (
	"fmt"
	"sync"
)

// Conn is a pooled connection.
type Conn struct {
	ID    int
	Calls int
}

func (c *Conn) Query(q string) string {
	c.Calls++
	return fmt.Sprintf("conn%d:%s", c.ID, q)
}

// Pool holds at most max connections; Get waits when all are in use.
type Pool struct {
	mu     sync.Mutex
	cond   *sync.Cond
	idle   []*Conn
	opened int
	max    int
}

func NewPool(max int) *Pool {
	p := &Pool{max: max}
	p.cond = sync.NewCond(&p.mu)
	return p
}

func (p *Pool) Get() *Conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.idle) == 0 && p.opened == p.max {
		p.cond.Wait()
	}
	if n := len(p.idle); n > 0 {
		c := p.idle[n-1]
		p.idle = p.idle[:n-1]
		return c
	}
	p.opened++
	return &Conn{ID: p.opened}
}

func (p *Pool) Put(c *Conn) {
	p.mu.Lock()
	p.idle = append(p.idle, c)
	p.mu.Unlock()
	p.cond.Signal()
}

// Opened reports how many connections were ever created.
func (p *Pool) Opened() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.opened
}

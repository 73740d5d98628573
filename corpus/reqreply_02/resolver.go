// Package reqreply_02 resolves service names through a resolver goroutine
// that answers each request on the request's reply channel.
package reqreply_02

import "fmt"

type response struct {
	addr string
	err  error
}

type request struct {
	name  string
	reply chan response
}

// Resolver serves lookups from a static table.
type Resolver struct {
	reqs  chan request
	table map[string]string
}

// NewResolver starts the resolver goroutine.
func NewResolver(table map[string]string) *Resolver {
	r := &Resolver{reqs: make(chan request), table: table}
	go r.serve()
	return r
}

func (r *Resolver) lookup(name string) (string, error) {
	addr, ok := r.table[name]
	if !ok {
		return "", fmt.Errorf("no such service %q", name)
	}
	return addr, nil
}

func (r *Resolver) serve() {
	for req := range r.reqs {
		addr, err := r.lookup(req.name)
		if err != nil {
			req.reply <- response{err: err}
		}
		req.reply <- response{addr: addr}
	}
}

// Resolve returns the address registered for name.
func (r *Resolver) Resolve(name string) (string, error) {
	reply := make(chan response)
	r.reqs <- request{name: name, reply: reply}
	resp := <-reply
	return resp.addr, resp.err
}

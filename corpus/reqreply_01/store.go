// Package reqreply_01 is a key-value store served by one goroutine; clients
// talk to it with request messages that carry their own reply channel.
package reqreply_01

type op int

const (
	opGet op = iota
	opPut
	opDelete
)

type request struct {
	op    op
	key   string
	value int
	reply chan response
}

type response struct {
	value int
	found bool
}

// Store owns a map that only its server goroutine touches.
type Store struct {
	reqs chan request
	done chan struct{}
}

// NewStore starts the server goroutine.
func NewStore() *Store {
	s := &Store{reqs: make(chan request), done: make(chan struct{})}
	go s.serve()
	return s
}

func (s *Store) serve() {
	defer close(s.done)
	data := make(map[string]int)
	for r := range s.reqs {
		switch r.op {
		case opGet:
			v, ok := data[r.key]
			r.reply <- response{value: v, found: ok}
		case opPut:
			data[r.key] = r.value
			r.reply <- response{value: r.value, found: true}
		case opDelete:
			_, ok := data[r.key]
			delete(data, r.key)
			r.reply <- response{found: ok}
		}
	}
}

func (s *Store) call(o op, key string, value int) response {
	reply := make(chan response)
	s.reqs <- request{op: o, key: key, value: value, reply: reply}
	return <-reply
}

// Get returns the value stored under key.
func (s *Store) Get(key string) (int, bool) {
	r := s.call(opGet, key, 0)
	return r.value, r.found
}

// Put stores value under key.
func (s *Store) Put(key string, value int) { s.call(opPut, key, value) }

// Delete removes key and reports whether it was present.
func (s *Store) Delete(key string) bool { return s.call(opDelete, key, 0).found }

// Close stops the server once pending requests are answered.
func (s *Store) Close() {
	close(s.reqs)
	<-s.done
}

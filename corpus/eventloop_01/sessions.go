// Package eventloop_01 tracks user sessions in a goroutine that owns the
// session table and serves requests from a few channels.
package eventloop_01

type countReq struct {
	user  string
	reply chan int
}

// Sessions is the handle to the session loop.
type Sessions struct {
	open  chan string
	close chan string
	count chan countReq
}

// NewSessions starts the session loop.
func NewSessions() *Sessions {
	s := &Sessions{
		open:  make(chan string),
		close: make(chan string),
		count: make(chan countReq),
	}
	go s.loop()
	return s
}

func (s *Sessions) loop() {
	active := make(map[string]int)
	for {
		select {
		case u := <-s.open:
			active[u]++
		case u := <-s.close:
			if active[u] > 0 {
				active[u]--
			}
		case r := <-s.count:
			r.reply <- active[r.user]
		}
	}
}

// Open records a new session for user.
func (s *Sessions) Open(user string) { s.open <- user }

// Close ends one session of user.
func (s *Sessions) Close(user string) { s.close <- user }

// Count returns the number of open sessions of user.
func (s *Sessions) Count(user string) int {
	r := countReq{user: user, reply: make(chan int)}
	s.count <- r
	return <-r.reply
}

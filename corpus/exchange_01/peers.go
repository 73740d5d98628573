// Package exchange_01 synchronizes two replicas: each peer sends its version
// vector to the other and merges what it receives.
package exchange_01

// Vector maps a node to the last version seen from it.
type Vector map[string]int

func merge(a, b Vector) Vector {
	out := make(Vector, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if v > out[k] {
			out[k] = v
		}
	}
	return out
}

// Peer is one replica with a link to its partner.
type Peer struct {
	Name  string
	State Vector
	send  chan<- Vector
	recv  <-chan Vector
}

// Pair connects two peers with a channel in each direction.
func Pair(a, b *Peer) {
	ab := make(chan Vector)
	ba := make(chan Vector)
	a.send, a.recv = ab, ba
	b.send, b.recv = ba, ab
}

// Sync exchanges state with the partner and returns the merged vector.
func (p *Peer) Sync() Vector {
	snapshot := make(Vector, len(p.State))
	for k, v := range p.State {
		snapshot[k] = v
	}
	p.send <- snapshot
	theirs := <-p.recv
	p.State = merge(p.State, theirs)
	return p.State
}

// SyncPair runs both sides of the exchange concurrently.
func SyncPair(a, b *Peer) (Vector, Vector) {
	results := make(chan Vector)
	go func() { results <- a.Sync() }()
	go func() { results <- b.Sync() }()
	return <-results, <-results
}

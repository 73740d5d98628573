package leaderflag_21

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Node is one member of a small cluster. The first node to claim the
// term becomes leader and does the compaction work; the others follow.
type Node struct {
	ID        int
	Compacted int
}

type Cluster struct {
	term   atomic.Int64
	leader atomic.Int64
	nodes  []*Node
}

func NewCluster(n int) *Cluster {
	c := &Cluster{}
	for i := 0; i < n; i++ {
		c.nodes = append(c.nodes, &Node{ID: i + 1})
	}
	return c
}

// campaign tries to become leader of term t.
func (c *Cluster) campaign(n *Node, t int64) bool {
	if !c.term.CompareAndSwap(t-1, t) {
		return false
	}
	c.leader.Store(int64(n.ID))
	return true
}

// RunTerms lets every node campaign for each term in turn.
func (c *Cluster) RunTerms(terms int) {
	var wg sync.WaitGroup
	for _, n := range c.nodes {
		wg.Add(1)
		go func(n *Node) {
			defer wg.Done()
			for t := int64(1); t <= int64(terms); t++ {
				for c.term.Load() < t-1 {
					runtime.Gosched()
				}
				if c.campaign(n, t) {
					n.Compacted++
				}
			}
		}(n)
	}
	wg.Wait()
}

package fangroup_03

import (
	"errors"
	"sync"
)

// Partial is the sum of one shard, or why it could not be computed.
type Partial struct {
	Shard int
	Sum   int
	Err   error
}

// Summer adds up shards of numbers on parallel goroutines.
type Summer struct {
	// Window is how many partial results may be pending at once.
	Window int
}

func sumShard(i int, shard []int) Partial {
	if len(shard) == 0 {
		return Partial{Shard: i, Err: errors.New("empty shard")}
	}
	s := 0
	for _, v := range shard {
		s += v
	}
	return Partial{Shard: i, Sum: s}
}

// Total sums all shards, returning the first error.
func (s *Summer) Total(shards [][]int) (int, error) {
	var wg sync.WaitGroup
	parts := make(chan Partial, s.Window)
	for i, sh := range shards {
		wg.Add(1)
		go func(i int, sh []int) {
			defer wg.Done()
			parts <- sumShard(i, sh)
		}(i, sh)
	}
	wg.Wait()
	close(parts)

	total := 0
	var first error
	for p := range parts {
		if p.Err != nil && first == nil {
			first = p.Err
		}
		total += p.Sum
	}
	return total, first
}

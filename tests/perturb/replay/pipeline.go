// Package replay: a pipeline whose schedule at GOMAXPROCS=1 depends only on
// the yields it is given (no timers, no I/O), for the replay test.
package replay

import "sync"

type counter struct {
	mu sync.Mutex
	n  map[int]int
}

func (c *counter) add(w int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[w]++
}

// Pipeline squares 0..n-1 with three workers and returns the sum and how
// many values each worker took.
func Pipeline(n int) (int, map[int]int) {
	src, sq, done := make(chan int), make(chan int), make(chan bool)
	c := &counter{n: map[int]int{}}
	go func() {
		for i := 0; i < n; i++ {
			src <- i
		}
		close(src)
	}()
	for w := 0; w < 3; w++ {
		go func(w int) {
			for v := range src {
				c.add(w)
				sq <- v * v
			}
			done <- true
		}(w)
	}
	go func() {
		for i := 0; i < 3; i++ {
			<-done
		}
		close(sq)
	}()
	sum := 0
	for v := range sq {
		sum += v
	}
	return sum, c.n
}

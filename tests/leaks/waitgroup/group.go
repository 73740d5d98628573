// Package waitgroup closes a channel once all workers are done.
package waitgroup

import "sync"

// Run starts n workers and returns a channel closed when they are done.
func Run(n int, work func(int)) <-chan struct{} {
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(n + 1)
	for i := 0; i < n; i++ {
		go func() {
			defer wg.Done()
			work(i)
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	return done
}

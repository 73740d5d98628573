// Package fanout maps a function over a slice with a fixed number of workers.
package fanout

import "sync"

// Map applies f to every element of in using workers goroutines and returns
// the results in input order.
func Map[T, U any](in []T, workers int, f func(T) U) []U {
	out := make([]U, len(in))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i] = f(in[i])
			}
		}()
	}
	for i := range in {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return out
}

// Sum adds the values sent on c until it is closed.
func Sum(c <-chan int) int {
	total := 0
	for v := range c {
		total += v
	}
	return total
}

// Package coopsteps_01 runs multi-step tasks on a few workers that yield
// the processor between steps, so that long tasks do not starve short ones.
package coopsteps_01

import (
	"runtime"
	"sync"
)

// Task is a number of steps; each step adds its weight to the result.
type Task struct {
	Steps  int
	Weight int
}

// Run runs the tasks on the given number of workers and returns the sum of
// all steps' weights.
func Run(tasks []Task, workers int) int {
	queue := make(chan Task)
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range queue {
				sum := 0
				for s := 0; s < t.Steps; s++ {
					sum += t.Weight
					runtime.Gosched()
				}
				mu.Lock()
				total += sum
				mu.Unlock()
			}
		}()
	}
	for _, t := range tasks {
		queue <- t
	}
	close(queue)
	wg.Wait()
	return total
}

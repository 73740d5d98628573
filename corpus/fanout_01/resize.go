// Package fanout_01 spreads image resize jobs over a fixed set of workers.
package fanout_01

import "sync"

// Job asks for one image to be scaled to a width.
type Job struct {
	ID            int
	Width, Height int
	Target        int
}

// Result is the scaled size of one image.
type Result struct {
	ID            int
	Width, Height int
}

func scale(j Job) Result {
	h := j.Height * j.Target / j.Width
	return Result{ID: j.ID, Width: j.Target, Height: h}
}

// ResizeAll runs the jobs on the given number of workers and returns the
// results keyed by job id.
func ResizeAll(jobs []Job, workers int) map[int]Result {
	in := make(chan Job)
	out := make(chan Result)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range in {
				out <- scale(j)
			}
		}()
	}
	go func() {
		for _, j := range jobs {
			in <- j
		}
		close(in)
	}()
	go func() {
		wg.Wait()
		close(out)
	}()
	results := make(map[int]Result, len(jobs))
	for r := range out {
		results[r.ID] = r
	}
	return results
}

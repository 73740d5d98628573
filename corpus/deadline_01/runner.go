package deadline_01

import (
	"context"
	"sync"
	"time"
)

// Step is one unit of a job; Cost is how long it takes.
type Step struct {
	Name string
	Cost time.Duration
}

// Report says which steps ran and which were skipped.
type Report struct {
	Done    []string
	Skipped []string
	Err     error
}

// Run executes steps in order until the deadline passes.
func Run(parent context.Context, steps []Step, deadline time.Time) Report {
	ctx, cancel := context.WithDeadline(parent, deadline)
	defer cancel()
	var rep Report
	for i, s := range steps {
		if err := runStep(ctx, s); err != nil {
			rep.Err = err
			for _, rest := range steps[i:] {
				rep.Skipped = append(rep.Skipped, rest.Name)
			}
			return rep
		}
		rep.Done = append(rep.Done, s.Name)
	}
	return rep
}

// RunParallel executes all steps at once under the same deadline and
// returns the error of each.
func RunParallel(parent context.Context, steps []Step, deadline time.Time) []error {
	ctx, cancel := context.WithDeadline(parent, deadline)
	defer cancel()
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, s := range steps {
		wg.Add(1)
		go func(i int, s Step) {
			defer wg.Done()
			errs[i] = runStep(ctx, s)
		}(i, s)
	}
	wg.Wait()
	return errs
}

func runStep(ctx context.Context, s Step) error {
	t := time.NewTimer(s.Cost)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

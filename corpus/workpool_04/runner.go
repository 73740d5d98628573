package workpool_04

import (
	"errors"
	"fmt"
	"sync"
)

// Task is a named command with arguments.
type Task struct {
	Name string
	Args []string
	Exec func(args []string) error
}

func (t Task) validate() error {
	if t.Name == "" {
		return errors.New("task without a name")
	}
	if t.Exec == nil {
		return fmt.Errorf("task %s: nothing to run", t.Name)
	}
	return nil
}

// Runner runs tasks with at most Limit at a time.
type Runner struct {
	Limit int
}

// Run executes all tasks and returns one error slot per task.
func (r *Runner) Run(tasks []Task) []error {
	var wg sync.WaitGroup
	errs := make([]error, len(tasks))
	sem := make(chan struct{}, r.Limit)
	for i, t := range tasks {
		wg.Add(1)
		go func(i int, t Task) {
			sem <- struct{}{}
			if err := t.validate(); err != nil {
				errs[i] = err
				<-sem
				return
			}
			defer wg.Done()
			defer func() { <-sem }()
			errs[i] = t.Exec(t.Args)
		}(i, t)
	}
	wg.Wait()
	return errs
}

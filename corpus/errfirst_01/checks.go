// Package errfirst_01 runs health checks concurrently and reports the first
// failure, telling the remaining checks to stop early.
package errfirst_01

import "fmt"

// Check inspects one component; it should return early when stop closes.
type Check func(stop <-chan struct{}) error

// RunAll starts every check and returns the first error, or nil.
func RunAll(checks []Check) error {
	stop := make(chan struct{})
	defer close(stop)
	errs := make(chan error, len(checks))
	for _, c := range checks {
		go func(c Check) {
			errs <- c(stop)
		}(c)
	}
	for range checks {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// Probe returns a check that polls a component a number of times.
func Probe(name string, polls int, failAt int) Check {
	return func(stop <-chan struct{}) error {
		for i := 0; i < polls; i++ {
			select {
			case <-stop:
				return nil
			default:
			}
			if i == failAt {
				return fmt.Errorf("%s: probe %d failed", name, i)
			}
		}
		return nil
	}
}

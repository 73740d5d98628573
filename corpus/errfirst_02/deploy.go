// Package errfirst_02 validates the hosts of a deployment in parallel and
// stops at the first host that fails validation.
package errfirst_02

import (
	"fmt"
	"strings"
)

// Host is a deployment target.
type Host struct {
	Name    string
	Disk    int
	Version string
}

func validate(h Host) error {
	if h.Disk < 10 {
		return fmt.Errorf("%s: only %d GB free", h.Name, h.Disk)
	}
	if !strings.HasPrefix(h.Version, "v2.") {
		return fmt.Errorf("%s: agent %s too old", h.Name, h.Version)
	}
	return nil
}

// Preflight validates all hosts concurrently and returns the first error.
func Preflight(hosts []Host) error {
	errc := make(chan error)
	for _, h := range hosts {
		go func(h Host) {
			errc <- validate(h)
		}(h)
	}
	for range hosts {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

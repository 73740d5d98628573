// Package handoff_01 runs a list of build steps on a dedicated executor
// goroutine, handing each step over on a channel.
package handoff_01

import (
	"fmt"
	"strings"
)

// Step is one build command.
type Step struct {
	Name string
	Args []string
}

type outcome struct {
	step string
	log  string
}

func execute(s Step) outcome {
	return outcome{step: s.Name, log: s.Name + " " + strings.Join(s.Args, " ")}
}

// Run executes the steps in order and returns their logs.
func Run(steps []Step) ([]string, error) {
	if len(steps) == 0 {
		return nil, fmt.Errorf("nothing to run")
	}
	work := make(chan Step)
	done := make(chan outcome)

	// The first step sets up the workspace; queue it before the rest.
	work <- steps[0]
	go func() {
		for s := range work {
			done <- execute(s)
		}
		close(done)
	}()
	go func() {
		for _, s := range steps[1:] {
			work <- s
		}
		close(work)
	}()

	var logs []string
	for o := range done {
		logs = append(logs, o.log)
	}
	return logs, nil
}

package handoff_01

import "testing"

func TestRun(t *testing.T) {
	steps := []Step{
		{"checkout", []string{"main"}},
		{"compile", []string{"-O2", "./..."}},
		{"test", []string{"-short"}},
		{"package", []string{"--tar"}},
	}
	logs, err := Run(steps)
	if err != nil || len(logs) != 4 {
		t.Fatalf("%v %v", logs, err)
	}
}

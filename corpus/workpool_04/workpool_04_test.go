package workpool_04

import (
	"strings"
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	var mu sync.Mutex
	var log []string
	echo := func(args []string) error {
		mu.Lock()
		log = append(log, strings.Join(args, " "))
		mu.Unlock()
		return nil
	}
	tasks := []Task{
		{Name: "greet", Args: []string{"hello"}, Exec: echo},
		{Name: "list", Args: []string{"a", "b"}, Exec: echo},
		{Name: "noop", Args: nil},
		{Name: "count", Args: []string{"1", "2", "3"}, Exec: echo},
	}
	errs := (&Runner{Limit: 2}).Run(tasks)
	if errs[2] == nil {
		t.Fatal("task without Exec accepted")
	}
	if len(log) != 3 {
		t.Fatalf("log: %v", log)
	}
}

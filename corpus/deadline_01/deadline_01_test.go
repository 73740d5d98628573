package deadline_01

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	steps := []Step{{"fetch", time.Millisecond}, {"build", time.Millisecond}, {"upload", time.Millisecond}}
	rep := Run(context.Background(), steps, time.Now().Add(100*time.Millisecond))
	if rep.Err != nil || len(rep.Done) != 3 {
		t.Fatalf("all steps: %+v", rep)
	}

	long := []Step{{"fetch", time.Millisecond}, {"compile", time.Second}, {"upload", time.Millisecond}}
	rep = Run(context.Background(), long, time.Now().Add(5*time.Millisecond))
	if !errors.Is(rep.Err, context.DeadlineExceeded) || len(rep.Skipped) != 2 {
		t.Fatalf("deadline: %+v", rep)
	}

	errs := RunParallel(context.Background(), long, time.Now().Add(5*time.Millisecond))
	if errs[0] != nil || errs[1] == nil || errs[2] != nil {
		t.Fatalf("parallel: %v", errs)
	}
}

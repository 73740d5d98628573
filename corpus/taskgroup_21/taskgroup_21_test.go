package taskgroup_21

import (
	"errors"
	"fmt"
	"testing"
)

func TestRun(t *testing.T) {
	g := NewGroup()
	results := make([]int, 6)
	for i := 0; i < 6; i++ {
		i := i
		g.Go(func(stop <-chan struct{}) error {
			for step := 0; step < 50; step++ {
				select {
				case <-stop:
					return nil
				default:
				}
				results[i] += step
			}
			if i == 4 {
				return fmt.Errorf("shard %d: checksum mismatch", i)
			}
			return nil
		})
	}
	err := g.Wait()
	if err == nil || errors.Unwrap(err) != nil {
		t.Fatalf("unexpected error value %v", err)
	}
	if results[4] != 1225 {
		t.Fatalf("shard 4 stopped early: %d", results[4])
	}
}

package prefetch_01

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	names := map[int]string{1: "ada", 2: "bob", 3: "cy", 4: "dee", 5: "eve"}
	out := Render(names, []int{1, 2, 3, 4, 5}, 3)
	if got := strings.Count(out, "\n"); got != 3 {
		t.Fatalf("rendered %d lines, want 3", got)
	}
}

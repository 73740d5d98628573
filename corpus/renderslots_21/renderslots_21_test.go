package renderslots_21

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	r := NewRenderer(2)
	pages := []Page{
		{Num: 1, Lines: []string{"Title", "Abstract"}},
		{Num: 2},
		{Num: 3, Lines: []string{"Introduction"}},
		{Num: 4},
		{Num: 5, Lines: []string{"Methods", "Setup"}},
		{Num: 6, Lines: []string{"Results"}},
	}
	sizes, errs := r.RenderAll(pages, 20*time.Millisecond)
	if len(sizes)+len(errs) == 0 {
		t.Fatal("nothing rendered")
	}
	t.Logf("rendered %d pages, %d errors", len(sizes), len(errs))
}

package ordered_01

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	pages := []Page{
		{"home", []string{"welcome"}},
		{"list", []string{"a", "b", "c"}},
		{"about", nil},
		{"contact", []string{"mail", "phone"}},
	}
	out := RenderAll(pages)
	for i, p := range pages {
		if !strings.HasPrefix(out[i], "<"+p.Template+">") {
			t.Fatalf("page %d out of order: %s", i, out[i])
		}
	}
}

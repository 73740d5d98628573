package generator_02

import (
	"fmt"
	"testing"
)

func TestRun(t *testing.T) {
	s := &Store{PageSize: 5}
	for i := 0; i < 40; i++ {
		s.Items = append(s.Items, fmt.Sprintf("user-%02d", i))
	}
	s.Items[12] = "admin-root"
	item, page, ok := FindPrefix(s, "admin")
	if !ok || item != "admin-root" || page != 2 {
		t.Fatalf("got %q on page %d (%v)", item, page, ok)
	}
}

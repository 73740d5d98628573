package auditlog_01

import (
	"fmt"
	"strings"
	"testing"
)

func format(i int) string {
	s := fmt.Sprintf("user %d login", i)
	for k := 0; k < 200; k++ {
		s = strings.TrimSpace(" " + s)
	}
	return s
}

func TestRun(t *testing.T) {
	j := NewJournal()
	defer j.Close()
	for i := 0; i < 3; i++ {
		j.Record(format(i))
	}
	out := j.Sync(3)
	if strings.Count(out, "\n") != 3 {
		t.Fatalf("got %q", out)
	}
}

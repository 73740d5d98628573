package ingest_01

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	s := &Schema{}
	s.SetVersion(1)
	s.SetFields(FieldsFor(1))
	c := NewChecker(s)
	go func() {
		s.SetVersion(2)
		s.SetFields(FieldsFor(2))
	}()
	lines := []string{"a,b", "c,d,e", "f", "g,h,i", "j,k", "l"}
	for _, l := range lines {
		c.Add(strings.Split(l, ","))
	}
	n, err := c.Finish()
	if err == nil && n != len(lines) {
		t.Fatalf("%d of %d records fit", n, len(lines))
	}
}

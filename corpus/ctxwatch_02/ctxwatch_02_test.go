package ctxwatch_02

import (
	"context"
	"testing"
)

func TestRun(t *testing.T) {
	l := NewLog("INFO start\nINFO listening\nERROR disk full\nINFO retry\nINFO ok")
	line, ok := FirstError(context.Background(), l)
	if !ok || line != "ERROR disk full" {
		t.Fatalf("first error: %q %v", line, ok)
	}
	clean := NewLog("INFO a\nINFO b")
	if _, ok := FirstError(context.Background(), clean); ok {
		t.Fatal("error found in a clean log")
	}
}

package store

import "testing"

func TestPutGetClose(t *testing.T) {
	s := Open()
	s.Put("a", "1")
	s.Close()
	if v, ok := s.Get("a"); !ok || v != "1" {
		t.Fatalf("Get = %q, %v", v, ok)
	}
}

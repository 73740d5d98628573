package sessionstore_21

import "testing"

func TestRun(t *testing.T) {
	s := NewStore()
	for _, u := range []string{"ada", "grace", "ada", "linus"} {
		sess := s.Touch(tokenFor(u), u)
		sess.Views++
	}
	if n := s.Count(); n != 3 {
		t.Fatalf("%d sessions", n)
	}
}

package sessioninbox_01

import (
	"strconv"
	"testing"
)

func digest(seed int, rounds int) string {
	h := seed
	for i := 0; i < rounds; i++ {
		h = (h*131 + i) % 1000003
	}
	return strconv.Itoa(h)
}

func TestRun(t *testing.T) {
	s := Open()
	if !s.Send("hello") {
		t.Fatal("a new session refused a message")
	}
	go s.Send("keepalive " + digest(1, 500))
	token := digest(2, 4000)
	got := s.Close()
	if len(got) > 2 || len(token) == 0 {
		t.Fatalf("got %v", got)
	}
}

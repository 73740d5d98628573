package alertbus_21

import "testing"

func TestRun(t *testing.T) {
	b := &Bus{}
	paged := make(chan string, 1)
	go Pager(b.Subscribe(), paged)
	sources := []string{"disk", "cpu", "memory", "network"}
	for i, s := range sources {
		go b.Publish(Alert{Source: s, Level: 3 + i%2})
	}
	if src := <-paged; src == "" {
		t.Fatal("empty page")
	}
}

package lazyclient_21

import "testing"

func TestRun(t *testing.T) {
	c := NewClient(map[string]string{"host": "inventory.internal"})
	done := make(chan []string)
	go func() { done <- c.Request("/v2/items") }()
	if lines := <-done; len(lines) != 3 {
		t.Fatalf("request has %d lines", len(lines))
	}
	if a := c.Address(); a != "inventory.internal:443" {
		t.Fatalf("address %s", a)
	}
}

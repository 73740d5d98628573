package selecttimeout_03

import "testing"

func TestRun(t *testing.T) {
	c := New(Upper)
	if v, err := c.Get(" region "); err != nil || v != "REGION" {
		t.Fatalf("get: %q %v", v, err)
	}
	go c.Close()
	v, err := c.Get("zone")
	if err == nil && v != "ZONE" {
		t.Fatalf("zone loaded as %q", v)
	}
}

package reqreply_02

import "testing"

func TestRun(t *testing.T) {
	r := NewResolver(map[string]string{"billing": "10.1.0.4:8080", "search": "10.1.0.7:9200"})
	if addr, err := r.Resolve("billing"); err != nil || addr != "10.1.0.4:8080" {
		t.Fatalf("billing: %q %v", addr, err)
	}
	if addr, err := r.Resolve("search"); err != nil || addr != "10.1.0.7:9200" {
		t.Fatalf("search: %q %v", addr, err)
	}
	if _, err := r.Resolve("inventory"); err == nil {
		t.Fatal("inventory should not resolve")
	}
}

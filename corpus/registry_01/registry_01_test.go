package registry_01

import "testing"

func TestRun(t *testing.T) {
	r := Load(map[string]string{
		"auth":    "10.0.1.1:443",
		"billing": "10.0.1.2:443",
		"search":  "10.0.1.3:9200",
	})
	if addr, ok := r.Lookup("billing"); !ok || addr != "10.0.1.2:443" {
		t.Fatalf("billing: %q %v", addr, ok)
	}
}

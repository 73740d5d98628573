package collector_01

import "testing"

func TestRun(t *testing.T) {
	rec := &Recorder{}
	resps := ServeAll(rec, []string{"/", "/login", "/api/items", "/static/app.js"})
	if len(resps) != 4 {
		t.Fatalf("got %d responses", len(resps))
	}
	if len(rec.Spans()) == 0 {
		t.Fatal("no spans recorded")
	}
}

package debounce_01

import (
	"sync"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	var mu sync.Mutex
	var saved []string
	d := New(2*time.Millisecond, func(v string) {
		mu.Lock()
		saved = append(saved, v)
		mu.Unlock()
	})
	for _, q := range []string{"g", "go", "gor", "goro"} {
		d.Trigger(q)
		time.Sleep(200 * time.Microsecond)
	}
	d.Flush()
	d.Trigger("chan")
	d.Flush()
	mu.Lock()
	defer mu.Unlock()
	if len(saved) < 2 || saved[len(saved)-1] != "chan" {
		t.Fatalf("saved: %q", saved)
	}
}

package nilchan_02

import "testing"

func TestRun(t *testing.T) {
	w := NewWatcher(Options{})
	for _, p := range []string{"/etc/app.yaml", "/etc/app.yaml", "/var/run/app.pid"} {
		w.Changed(p)
	}
	if n := w.Changes("/etc/app.yaml"); n != 2 {
		t.Fatalf("app.yaml changed %d times", n)
	}
}

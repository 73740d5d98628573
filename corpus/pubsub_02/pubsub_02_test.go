package pubsub_02

import "testing"

func TestRun(t *testing.T) {
	b := NewBus(8)
	w := b.Watch()
	done := make(chan int)
	go func() {
		done <- WaitFor(w, "replicas=3")
	}()
	for _, u := range []string{"replicas=2", "replicas=3", "image=v2", "timeout=30s"} {
		b.Publish(u)
	}
	if n := <-done; n != 2 {
		t.Fatalf("saw %d updates before the wanted one", n)
	}
}

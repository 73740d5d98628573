package notifier_01

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	n := New()
	done := make(chan struct{})
	go func() {
		n.Wait()
		close(done)
	}()
	n.Fire()
	select {
	case <-done:
	case <-time.After(20 * time.Millisecond):
	}
}

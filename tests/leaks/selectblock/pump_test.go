package selectblock

import "testing"

func TestPump(t *testing.T) {
	out, stop := make(chan int), make(chan struct{})
	Pump(out, stop)
	if <-out != 0 || <-out != 1 {
		t.Fatal("order")
	}
	Wait(make(chan int), make(chan struct{}))
}

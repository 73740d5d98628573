package yieldqueue_01

import "testing"

func TestRun(t *testing.T) {
	var q Queue
	res := make(chan int)
	go func() { res <- q.Drain() }()
	go q.Produce(10)
	if got := <-res; got != 55 {
		t.Fatalf("sum = %d, want 55", got)
	}
}

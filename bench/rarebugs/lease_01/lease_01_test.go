package lease_01

import (
	"testing"
	"time"
)

func compact(items []int) int {
	in := make(chan int)
	out := make(chan int)
	go func() {
		for v := range in {
			out <- v * v
		}
		close(out)
	}()
	go func() {
		for _, v := range items {
			in <- v
		}
		close(in)
	}()
	sum := 0
	for v := range out {
		sum += v
	}
	return sum
}

func TestRun(t *testing.T) {
	l := Acquire(2 * time.Millisecond)
	items := make([]int, 12)
	for i := range items {
		items[i] = i
	}
	sum := compact(items)
	l.Release()
	if sum != 506 {
		t.Fatalf("sum %d", sum)
	}
}

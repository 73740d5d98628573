package fanout

import "testing"

func TestMapSquares(t *testing.T) {
	in := make([]int, 100)
	for i := range in {
		in[i] = i
	}
	out := Map(in, 4, func(x int) int { return x * x })
	for i, v := range out {
		if v != i*i {
			t.Fatalf("out[%d] = %d, want %d", i, v, i*i)
		}
	}
}

func TestSum(t *testing.T) {
	c := make(chan int, 3)
	go func() {
		for i := 1; i <= 10; i++ {
			c <- i
		}
		close(c)
	}()
	if got := Sum(c); got != 55 {
		t.Fatalf("Sum = %d, want 55", got)
	}
}

package taskfeed_01

import "testing"

func prepare(i int) int {
	v := i
	for k := 0; k < 2000; k++ {
		v = (v*7 + k) % 9973
	}
	return v%5 + i*100
}

func TestRun(t *testing.T) {
	const n = 4
	d := New(n)
	defer d.Stop()
	sum := 0
	for i := 1; i <= n; i++ {
		d.Submit(prepare(i))
	}
	for i := 0; i < n; i++ {
		sum += d.Result()
	}
	if sum < 10000 {
		t.Fatalf("sum %d", sum)
	}
}

package boundedqueue_02

import "testing"

func TestRun(t *testing.T) {
	q := NewQueue(4)
	accepted := 0
	for i := 1; i <= 20; i++ {
		n := i
		if q.TryPut(func() int {
			s := 0
			for k := 0; k < 2000; k++ {
				s += k % n
			}
			return 1
		}) {
			accepted++
		}
	}
	total, dropped := q.Close()
	if total != accepted {
		t.Fatalf("ran %d tasks, accepted %d", total, accepted)
	}
	if accepted+dropped != 20 {
		t.Fatalf("accepted %d + dropped %d != 20", accepted, dropped)
	}
}

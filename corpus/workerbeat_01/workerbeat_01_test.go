package workerbeat_01

import "testing"

func TestRun(t *testing.T) {
	w := NewWorker()
	go w.Run([]int{10, 200, 3000, 40, 5})
	results, beats := Watch(w)
	if len(results) != 5 {
		t.Fatalf("got %d results", len(results))
	}
	if results[0] != 385 {
		t.Fatalf("first result %d", results[0])
	}
	if beats > 5 {
		t.Fatalf("%d beats for 5 jobs", beats)
	}
}

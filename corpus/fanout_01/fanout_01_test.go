package fanout_01

import "testing"

func TestRun(t *testing.T) {
	var jobs []Job
	for i := 0; i < 12; i++ {
		jobs = append(jobs, Job{ID: i, Width: 800 + i*10, Height: 600, Target: 200})
	}
	res := ResizeAll(jobs, 3)
	if len(res) != len(jobs) {
		t.Fatalf("got %d results, want %d", len(res), len(jobs))
	}
	if r := res[0]; r.Width != 200 || r.Height != 150 {
		t.Fatalf("job 0 scaled to %dx%d", r.Width, r.Height)
	}
}

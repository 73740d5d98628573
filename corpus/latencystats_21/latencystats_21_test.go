package latencystats_21

import "testing"

func TestRun(t *testing.T) {
	w := &Window{}
	means := Report(w, 3, 40)
	if len(means) != 6 {
		t.Fatalf("%d reports", len(means))
	}
	for _, m := range means {
		if m < 0 {
			t.Fatalf("negative mean %v", m)
		}
	}
}

package resultgather_21

import "testing"

func TestRun(t *testing.T) {
	p := &Parser{}
	recs, err := p.ParseAll([]string{"A-100,4", "B-200,7", "C-300,1"})
	if err != nil || len(recs) != 3 {
		t.Fatalf("recs=%v err=%v", recs, err)
	}
	_, err = p.ParseAll([]string{"D-400", "E-500,2", "F-600,9", "G-700,3"})
	if err == nil {
		t.Fatal("expected a parse error")
	}
}

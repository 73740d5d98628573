package pipeline_02

import "testing"

func TestRun(t *testing.T) {
	good := []string{"a,x,1", "b,y,2", "c,z,3"}
	if n, err := Load(good); err != nil || n != 6 {
		t.Fatalf("good rows: %d %v", n, err)
	}
	bad := []string{"a,x,1", "b,y", "c,z,3", "d,w,4", "e,v,5", "f,u,6"}
	if _, err := Load(bad); err == nil {
		t.Fatal("expected an error for row 2")
	}
}

package configgate_01

import "testing"

func TestRun(t *testing.T) {
	s := Start([]string{"alpha", "beta", "gamma", "delta"})
	if v := s.Lookup("gamma"); v != checksum("gamma")+2 {
		t.Fatalf("gamma = %d", v)
	}
}

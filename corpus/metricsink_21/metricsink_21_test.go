package metricsink_21

import "testing"

func TestRun(t *testing.T) {
	s := NewSink()
	for i := 1; i <= 40; i++ {
		s.Emit(Sample{Name: "latency_ms", Value: float64(i)})
	}
	if sum := s.Close(); sum != 820 {
		t.Fatalf("sum = %v", sum)
	}
}

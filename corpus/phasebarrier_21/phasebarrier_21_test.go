package phasebarrier_21

import (
	"math"
	"testing"
)

func TestRun(t *testing.T) {
	grid := make([]float64, 24)
	grid[12] = 90
	out := Smooth(grid, 4, 6)
	sum := 0.0
	for _, v := range out {
		sum += v
	}
	if math.Abs(sum-90) > 1e-9 {
		t.Fatalf("mass not conserved: %f", sum)
	}
	if out[12] >= 90 {
		t.Fatalf("no smoothing happened")
	}
}

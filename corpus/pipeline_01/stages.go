// Package pipeline_01 aggregates sensor readings through a chain of stages
// connected by channels.
package pipeline_01

import (
	"strconv"
	"strings"
)

// Reading is one parsed sensor sample.
type Reading struct {
	Sensor string
	Value  int
}

// Parse turns raw "name=value" lines into readings, skipping malformed lines.
func Parse(lines []string) <-chan Reading {
	out := make(chan Reading)
	go func() {
		defer close(out)
		for _, l := range lines {
			name, raw, ok := strings.Cut(l, "=")
			if !ok {
				continue
			}
			v, err := strconv.Atoi(strings.TrimSpace(raw))
			if err != nil {
				continue
			}
			out <- Reading{Sensor: strings.TrimSpace(name), Value: v}
		}
	}()
	return out
}

// Scale multiplies every reading by factor.
func Scale(in <-chan Reading, factor int) <-chan Reading {
	out := make(chan Reading)
	go func() {
		defer close(out)
		for r := range in {
			r.Value *= factor
			out <- r
		}
	}()
	return out
}

// Clamp limits readings to the range [lo, hi].
func Clamp(in <-chan Reading, lo, hi int) <-chan Reading {
	out := make(chan Reading)
	go func() {
		defer close(out)
		for r := range in {
			if r.Value < lo {
				r.Value = lo
			} else if r.Value > hi {
				r.Value = hi
			}
			out <- r
		}
	}()
	return out
}

// Totals sums the values per sensor.
func Totals(in <-chan Reading) map[string]int {
	sum := make(map[string]int)
	for r := range in {
		sum[r.Sensor] += r.Value
	}
	return sum
}

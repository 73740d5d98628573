// Package fanin_02 gathers metrics samples from several agents into one
// stream and summarizes them.
package fanin_02

import "sync"

// Sample is one measurement from an agent.
type Sample struct {
	Agent string
	Value float64
}

// Agent produces a fixed number of samples.
func Agent(name string, values []float64) <-chan Sample {
	out := make(chan Sample, len(values))
	for _, v := range values {
		out <- Sample{Agent: name, Value: v}
	}
	close(out)
	return out
}

// Gather forwards every sample from the agents to one channel.
func Gather(agents ...<-chan Sample) <-chan Sample {
	out := make(chan Sample)
	var wg sync.WaitGroup
	for _, a := range agents {
		wg.Add(1)
		go func(a <-chan Sample) {
			defer wg.Done()
			for s := range a {
				out <- s
			}
		}(a)
	}
	return out
}

// Summary is the count and mean of the samples.
type Summary struct {
	Count int
	Mean  float64
}

// Summarize reads the stream to the end.
func Summarize(in <-chan Sample) Summary {
	var s Summary
	sum := 0.0
	for x := range in {
		s.Count++
		sum += x.Value
	}
	if s.Count > 0 {
		s.Mean = sum / float64(s.Count)
	}
	return s
}

// Package generator_01 hands out request identifiers from a generator
// goroutine that stops when its done channel is closed.
package generator_01

import "fmt"

// IDs yields "prefix-N" identifiers until done is closed.
func IDs(done <-chan struct{}, prefix string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for n := 1; ; n++ {
			id := fmt.Sprintf("%s-%04d", prefix, n)
			select {
			case out <- id:
			case <-done:
				return
			}
		}
	}()
	return out
}

// Take reads up to n values from in.
func Take(in <-chan string, n int) []string {
	var got []string
	for v := range in {
		got = append(got, v)
		if len(got) == n {
			break
		}
	}
	return got
}

// Batch allocates n identifiers and shuts the generator down afterwards.
func Batch(prefix string, n int) []string {
	done := make(chan struct{})
	ids := IDs(done, prefix)
	got := Take(ids, n)
	close(done)
	for range ids {
		// drain until the generator has exited
	}
	return got
}

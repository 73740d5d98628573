package ctxgen_01

import "context"

// Numbers emits start, start+1, ... on the returned channel.
func Numbers(start int) <-chan int {
	out := make(chan int)
	go func() {
		for n := start; ; n++ {
			out <- n
		}
	}()
	return out
}

// Filter passes on the values for which keep is true, until ctx ends.
func Filter(ctx context.Context, in <-chan int, keep func(int) bool) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for v := range in {
			if !keep(v) {
				continue
			}
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func isPrime(n int) bool {
	if n < 2 {
		return false
	}
	for d := 2; d*d <= n; d++ {
		if n%d == 0 {
			return false
		}
	}
	return true
}

// Primes returns the first k primes at or above start.
func Primes(start, k int) []int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out []int
	for p := range Filter(ctx, Numbers(start), isPrime) {
		out = append(out, p)
		if len(out) == k {
			break
		}
	}
	return out
}

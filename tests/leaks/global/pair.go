// Package global hands values between two goroutines.
package global

import "sync"

// Swap gives a to the other side and returns what the other side gives.
func Swap(a int) int {
	in, out := make(chan int), make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	var got int
	go func() {
		defer wg.Done()
		got = <-in
		out <- got
	}()
	wg.Wait()
	in <- a
	return <-out
}

// Package slow answers after a while.
package slow

import "time"

// Ask starts a slow computation and a goroutine that waits for its answer.
func Ask(d time.Duration, got func(int)) {
	c := make(chan int)
	go func() {
		time.Sleep(d)
		c <- 42
	}()
	go func() {
		got(<-c)
	}()
}

// Spin computes for a while, then answers.
func Spin(d time.Duration, got func(int)) {
	c := make(chan int)
	go func() {
		x, end := 0, time.Now().Add(d)
		for time.Now().Before(end) {
			x++
		}
		c <- x
	}()
	go func() {
		got(<-c)
	}()
}

// Nap sleeps for d in the background.
func Nap(d time.Duration) {
	go time.Sleep(d)
}

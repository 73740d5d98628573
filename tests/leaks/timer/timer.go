// Package timer expires entries later.
package timer

import "time"

// Expire calls f after d, from a goroutine that waits on a timer.
func Expire(d time.Duration, f func()) {
	go func() {
		<-time.After(d)
		f()
	}()
}

// ExpireOrStop calls f after d unless stop is closed first.
func ExpireOrStop(d time.Duration, stop <-chan struct{}, f func()) {
	t := time.NewTimer(d)
	go func() {
		select {
		case <-t.C:
			f()
		case <-stop:
		}
	}()
}

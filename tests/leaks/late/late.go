// Package late finishes its work after the caller returns.
package late

import "time"

// Flush writes in the background and returns at once.
func Flush(write func()) {
	done := make(chan struct{})
	go func() {
		time.Sleep(20 * time.Millisecond)
		write()
		close(done)
	}()
	go func() {
		<-done
	}()
}

// Package forever has goroutines that can never be woken.
package forever

// Park starts a goroutine that waits on a channel it never makes.
func Park() {
	go func() {
		var c chan int
		<-c
	}()
}

// Idle starts a goroutine that waits on nothing.
func Idle() {
	go func() {
		select {}
	}()
}

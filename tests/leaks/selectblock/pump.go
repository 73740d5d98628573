// Package selectblock pumps values until told to stop.
package selectblock

// Pump sends values on out until stop is closed.
func Pump(out chan<- int, stop <-chan struct{}) {
	go func() {
		for i := 0; ; i++ {
			select {
			case out <- i:
			case <-stop:
				return
			}
		}
	}()
}

// Wait waits for a value or for stop.
func Wait(in <-chan int, stop <-chan struct{}) {
	go func() {
		select {
		case <-in:
		case <-stop:
		}
	}()
}

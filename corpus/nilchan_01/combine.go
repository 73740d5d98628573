// Package nilchan_01 combines two ordered event feeds into one list, turning
// off each feed in the select once it is exhausted.
package nilchan_01

// Event is a timestamped entry from one feed.
type Event struct {
	At   int
	Name string
}

// Feed sends the given events and closes the channel.
func Feed(events []Event) <-chan Event {
	ch := make(chan Event)
	go func() {
		defer close(ch)
		for _, e := range events {
			ch <- e
		}
	}()
	return ch
}

// Combine reads both feeds until both are closed. It returns the events in
// arrival order and how many came from each feed.
func Combine(a, b <-chan Event) (all []Event, fromA, fromB int) {
	for a != nil || b != nil {
		select {
		case e, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			fromA++
			all = append(all, e)
		case e, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			fromB++
			all = append(all, e)
		}
	}
	return all, fromA, fromB
}

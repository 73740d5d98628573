// Package dispatch_01 routes messages by topic to handler goroutines that
// register themselves with the dispatcher.
package dispatch_01

import "sync"

// Dispatcher delivers messages to the handler registered for their topic.
type Dispatcher struct {
	mu       sync.Mutex
	handlers map[string]chan string
	closed   bool
	dropped  int
	wg       sync.WaitGroup
}

// New creates an empty dispatcher.
func New() *Dispatcher {
	return &Dispatcher{handlers: make(map[string]chan string)}
}

// Handle starts a handler goroutine for topic; fn is called for each message.
func (d *Dispatcher) Handle(topic string, fn func(string)) {
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		inbox := make(chan string, 16)
		d.mu.Lock()
		if d.closed {
			d.mu.Unlock()
			return
		}
		d.handlers[topic] = inbox
		d.mu.Unlock()
		for msg := range inbox {
			fn(msg)
		}
	}()
}

// Dispatch delivers msg to the handler of topic; messages for topics without
// a handler are counted as dropped.
func (d *Dispatcher) Dispatch(topic, msg string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	inbox, ok := d.handlers[topic]
	if !ok {
		d.dropped++
		return
	}
	inbox <- msg
}

// Close stops all handlers and returns the number of dropped messages.
func (d *Dispatcher) Close() int {
	d.mu.Lock()
	d.closed = true
	for _, inbox := range d.handlers {
		close(inbox)
	}
	d.mu.Unlock()
	d.wg.Wait()
	return d.dropped
}

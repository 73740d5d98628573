// Package pubsub_01 is a small in-process message broker: one goroutine owns
// the subscriber list and forwards every published message to it.
package pubsub_01

// Broker fans published messages out to its subscribers.
type Broker struct {
	subscribe chan chan string
	publish   chan string
	quit      chan struct{}
	stopped   chan struct{}
}

// NewBroker starts the broker loop.
func NewBroker() *Broker {
	b := &Broker{
		subscribe: make(chan chan string),
		publish:   make(chan string),
		quit:      make(chan struct{}),
		stopped:   make(chan struct{}),
	}
	go b.loop()
	return b
}

func (b *Broker) loop() {
	defer close(b.stopped)
	var subs []chan string
	for {
		select {
		case s := <-b.subscribe:
			subs = append(subs, s)
		case msg := <-b.publish:
			for _, s := range subs {
				s <- msg
			}
		case <-b.quit:
			for _, s := range subs {
				close(s)
			}
			return
		}
	}
}

// Subscribe registers a new subscriber with a small buffer.
func (b *Broker) Subscribe() <-chan string {
	s := make(chan string, 4)
	b.subscribe <- s
	return s
}

// Publish hands a message to the broker.
func (b *Broker) Publish(msg string) {
	b.publish <- msg
}

// Stop closes every subscription and waits for the loop to exit.
func (b *Broker) Stop() {
	close(b.quit)
	<-b.stopped
}

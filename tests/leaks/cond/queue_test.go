package cond

import "testing"

func TestConsume(t *testing.T) {
	q := New()
	q.Consume(func(int) {})
}

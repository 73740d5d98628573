package dispatch_01

import (
	"fmt"
	"testing"
)

func TestRun(t *testing.T) {
	d := New()
	var orders, refunds []string
	d.Handle("orders", func(m string) { orders = append(orders, m) })
	d.Handle("refunds", func(m string) { refunds = append(refunds, m) })
	var batch []string
	for i := 1; i <= 3; i++ {
		batch = append(batch, fmt.Sprintf("o-%d:%x", i, i*7919))
	}
	for _, m := range batch {
		d.Dispatch("orders", m)
	}
	d.Dispatch("refunds", "r-1")
	if dropped := d.Close(); dropped != 0 {
		t.Fatalf("%d messages dropped", dropped)
	}
	if len(orders) != 3 || len(refunds) != 1 {
		t.Fatalf("orders %v refunds %v", orders, refunds)
	}
}

package ctxfetch_02

import (
	"context"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	providers := []Provider{
		{Name: "north", Latency: 0, Price: 120},
		{Name: "east", Latency: time.Millisecond, Price: 95},
		{Name: "west", Latency: 25 * time.Millisecond, Price: 80},
	}
	name, price, err := BestQuote(context.Background(), providers, 10*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if name != "east" || price != 95 {
		t.Fatalf("best quote: %s %d", name, price)
	}
}

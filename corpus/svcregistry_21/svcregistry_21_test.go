package svcregistry_21

import (
	"fmt"
	"sync"
	"testing"
)

func TestRun(t *testing.T) {
	r := NewRegistry()
	events := r.Watch(4)
	seen := make(chan int)
	go func() {
		n := 0
		for range events {
			n++
			if n == 9 {
				break
			}
		}
		seen <- n
	}()
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			addr := fmt.Sprintf("10.0.0.%d:80", i)
			r.Register("web", addr)
			_ = r.Lookup("web")
			r.Register("db", addr)
			r.Deregister("web", addr)
		}(i)
	}
	wg.Wait()
	if n := <-seen; n != 9 {
		t.Fatalf("watcher saw %d changes", n)
	}
	if got := r.Lookup("db"); len(got) != 3 || len(r.Lookup("web")) != 0 {
		t.Fatalf("db=%v web=%v", got, r.Lookup("web"))
	}
}

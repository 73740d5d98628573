package lazyconfig_01

import (
	"sync"
	"testing"
)

type request struct {
	key   string
	reply chan string
}

func backend(reqs chan request) {
	for r := range reqs {
		r.reply <- r.key + "=on"
	}
}

func TestRun(t *testing.T) {
	reqs := make(chan request)
	go backend(reqs)
	defer close(reqs)
	l := NewLazy(func() map[string]string {
		m := map[string]string{}
		for _, k := range []string{"cache", "tls"} {
			r := request{k, make(chan string)}
			reqs <- r
			m[k] = <-r.reply
		}
		return m
	})
	var wg sync.WaitGroup
	got := make([]map[string]string, 3)
	for i := range got {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			got[i] = l.Get()
		}(i)
	}
	wg.Wait()
	for i, m := range got {
		if m["tls"] != "tls=on" {
			t.Fatalf("caller %d got %v", i, m)
		}
	}
}

package jobpool_01

import "testing"

func TestRun(t *testing.T) {
	p := NewPool()
	go func() {
		for id := 1; id <= 6; id++ {
			if !p.Submit(id) {
				return
			}
		}
	}()
	for n := range p.seen {
		if n == 2 {
			break
		}
	}
	p.Close()
}

// Package resolver_01 resolves service names with a lookup that runs on
// its own goroutine, so that a caller can give up when its context ends.
package resolver_01

import "context"

// Resolve returns the address of name, or the context's error if it ends
// first.
func Resolve(ctx context.Context, name string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- lookup(name)
	}()
	select {
	case a := <-ch:
		return a, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func lookup(name string) string {
	h := uint32(2166136261)
	for r := 0; r < 30; r++ {
		for i := 0; i < len(name); i++ {
			h = (h ^ uint32(name[i])) * 16777619
		}
	}
	return "10.0." + string(rune('0'+h%10)) + "." + string(rune('0'+(h/10)%10))
}

// Package cgo has one cgo file, which schedule perturbation leaves as it is.
package cgo

/*
static int add(int a, int b) { return a + b; }
*/
import "C"

// Add adds in C, after a channel round trip.
func Add(a, b int) int {
	ch := make(chan int, 1)
	ch <- int(C.add(C.int(a), C.int(b)))
	return <-ch
}

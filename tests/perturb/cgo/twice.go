package cgo

// Twice runs Add on two goroutines.
func Twice(a, b int) int {
	res := make(chan int)
	go func() { res <- Add(a, b) }()
	go func() { res <- Add(b, a) }()
	return <-res + <-res
}

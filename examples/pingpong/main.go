// Command pingpong is the bundled example program: two players pass a ball
// back and forth over unbuffered channels; main serves, takes the last
// return and waits for both, so its runs show goroutines being created,
// blocking, unblocking and ending.  `stepdist collect examples/pingpong`
// traces it through its harness; the program itself knows nothing of that.
package main

import (
	"fmt"
	"sync"
)

const rounds = 5

// player receives the ball on in and returns it on out; after its last
// round it hands the ball to last instead (when last is not nil).
func player(in <-chan int, out, last chan<- int, done *sync.WaitGroup) {
	defer done.Done()
	for i := 0; i < rounds; i++ {
		ball := <-in
		if i == rounds-1 && last != nil {
			last <- ball + 1
			return
		}
		out <- ball + 1
	}
}

func main() {
	toPing, toPong, result := make(chan int), make(chan int), make(chan int)
	var done sync.WaitGroup
	done.Add(2)
	go player(toPing, toPong, nil, &done)
	go player(toPong, toPing, result, &done)
	toPing <- 0
	final := <-result
	done.Wait()
	fmt.Println("rallies:", final)
}

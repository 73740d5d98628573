// Command pingpong is the bundled example program: two players pass a ball
// back and forth over unbuffered channels; main serves, takes the last
// return and waits for both, so its trace shows goroutines being created,
// blocking, unblocking and ending.
// It writes its execution trace to the file named by its first argument.
package main

import (
	"fmt"
	"os"
	"runtime/trace"
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
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pingpong TRACE-FILE")
		os.Exit(2)
	}
	f, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := trace.Start(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	toPing, toPong, result := make(chan int), make(chan int), make(chan int)
	var done sync.WaitGroup
	done.Add(2)
	go player(toPing, toPong, nil, &done)
	go player(toPong, toPing, result, &done)
	toPing <- 0
	final := <-result
	done.Wait()
	trace.Stop()
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("rallies:", final)
}

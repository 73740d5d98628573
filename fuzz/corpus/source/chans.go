package p

import (
	"sync"
	"time"
)

func worker(id int, jobs <-chan int, out chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		select {
		case out <- j * id:
		case <-time.After(time.Millisecond):
			return
		}
	}
}

func Run(xs []int) int {
	var wg sync.WaitGroup
	jobs := make(chan int, len(xs))
	out := make(chan int)
	done := make(chan struct{}, 0)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go worker(i, jobs, out, &wg)
	}
	for _, x := range xs {
		jobs <- x
	}
	close(jobs)
	go func() {
		defer close(done)
		wg.Wait()
	}()
	total := 0
	for v := range out {
		total += v
	}
	<-done
	return total
}

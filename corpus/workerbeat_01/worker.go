// Package workerbeat_01 runs a job list on a worker that reports liveness on
// a heartbeat channel without ever waiting for the monitor to read it.
package workerbeat_01

// Worker processes jobs and beats after each one.
type Worker struct {
	Beats   chan struct{}
	Results chan int
}

// NewWorker creates a worker with a one-slot heartbeat channel.
func NewWorker() *Worker {
	return &Worker{Beats: make(chan struct{}, 1), Results: make(chan int)}
}

// Run processes the jobs and closes Results when done.
func (w *Worker) Run(jobs []int) {
	defer close(w.Results)
	for _, j := range jobs {
		sum := 0
		for k := 1; k <= j; k++ {
			sum += k * k
		}
		select {
		case w.Beats <- struct{}{}:
		default:
		}
		w.Results <- sum
	}
}

// Watch collects the results and counts the heartbeats it saw.
func Watch(w *Worker) (results []int, beats int) {
	res := w.Results
	for res != nil {
		select {
		case <-w.Beats:
			beats++
		case r, ok := <-res:
			if !ok {
				res = nil
				continue
			}
			results = append(results, r)
		}
	}
	return results, beats
}

// Package recv runs a worker that waits for jobs.
package recv

// Worker sums the jobs it is sent.
type Worker struct{ jobs chan int }

// Start starts the worker.
func Start() *Worker {
	w := &Worker{jobs: make(chan int)}
	go w.loop()
	return w
}

func (w *Worker) loop() {
	sum := 0
	for j := range w.jobs {
		sum += j
	}
}

// Add sends a job.
func (w *Worker) Add(j int) { w.jobs <- j }

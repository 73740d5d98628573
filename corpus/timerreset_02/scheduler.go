package timerreset_02

import "time"

// Scheduler runs a job after a delay; the delay can be changed while
// the job is waiting.
type Scheduler struct {
	job     func()
	resched chan time.Duration
	quit    chan struct{}
	ran     chan int
}

// Start schedules job to run after delay.
func Start(delay time.Duration, job func()) *Scheduler {
	s := &Scheduler{
		job:     job,
		resched: make(chan time.Duration),
		quit:    make(chan struct{}),
		ran:     make(chan int, 4),
	}
	go s.loop(delay)
	return s
}

// Runs delivers the run count after each run of the job.
func (s *Scheduler) Runs() <-chan int { return s.ran }

// Reschedule sets a new delay for the next run.
func (s *Scheduler) Reschedule(d time.Duration) { s.resched <- d }

// Close stops the scheduler.
func (s *Scheduler) Close() { close(s.quit) }

func (s *Scheduler) loop(delay time.Duration) {
	t := time.NewTimer(delay)
	runs := 0
	for {
		select {
		case <-t.C:
			s.job()
			runs++
			s.ran <- runs
		case d := <-s.resched:
			if !t.Stop() {
				<-t.C
			}
			t.Reset(d)
		case <-s.quit:
			t.Stop()
			return
		}
	}
}

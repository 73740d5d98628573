package backupwatch_21

import (
	"errors"
	"sync"
	"time"
)

// Volume is a disk to snapshot.
type Volume struct {
	Name     string
	SizeGB   int
	ReadOnly bool
}

// Report summarises one backup round.
type Report struct {
	mu      sync.Mutex
	Done    []string
	Skipped []string
}

var errReadOnly = errors.New("volume is read-only")

func snapshot(v Volume) error {
	if v.ReadOnly {
		return errReadOnly
	}
	return nil
}

// Backup snapshots every volume concurrently. It returns when all
// snapshots finished or when the deadline passes, whichever is first.
func Backup(vols []Volume, deadline time.Duration) (*Report, bool) {
	rep := &Report{}
	var wg sync.WaitGroup
	wg.Add(len(vols))
	for _, v := range vols {
		go func(v Volume) {
			if err := snapshot(v); err != nil {
				rep.mu.Lock()
				rep.Skipped = append(rep.Skipped, v.Name)
				rep.mu.Unlock()
				return
			}
			rep.mu.Lock()
			rep.Done = append(rep.Done, v.Name)
			rep.mu.Unlock()
			wg.Done()
		}(v)
	}
	finished := make(chan struct{})
	go func() {
		wg.Wait()
		close(finished)
	}()
	select {
	case <-finished:
		return rep, true
	case <-time.After(deadline):
		return rep, false
	}
}

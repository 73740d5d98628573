package crcworkers_21

import (
	"hash/crc32"
	"sync"
)

// Job is a block of data to checksum.
type Job struct {
	ID   int
	Data []byte
}

// Result is the checksum of one job.
type Result struct {
	ID  int
	Sum uint32
}

// Checksum runs n workers over jobs and returns all results.
func Checksum(jobs []Job, n int) map[int]uint32 {
	in := make(chan Job)
	out := make(chan Result)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range in {
				out <- Result{ID: j.ID, Sum: crc32.ChecksumIEEE(j.Data)}
			}
		}()
	}
	go func() {
		for _, j := range jobs {
			in <- j
		}
		close(in)
	}()
	go func() {
		wg.Wait()
		close(out)
	}()
	sums := make(map[int]uint32)
	for r := range out {
		sums[r.ID] = r.Sum
	}
	return sums
}

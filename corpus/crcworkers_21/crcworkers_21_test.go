package crcworkers_21

import (
	"fmt"
	"hash/crc32"
	"testing"
)

func TestRun(t *testing.T) {
	var jobs []Job
	for i := 0; i < 12; i++ {
		jobs = append(jobs, Job{ID: i, Data: []byte(fmt.Sprintf("block-%03d", i))})
	}
	sums := Checksum(jobs, 3)
	if len(sums) != len(jobs) {
		t.Fatalf("got %d results, want %d", len(sums), len(jobs))
	}
	for _, j := range jobs {
		if sums[j.ID] != crc32.ChecksumIEEE(j.Data) {
			t.Errorf("job %d: wrong checksum", j.ID)
		}
	}
}

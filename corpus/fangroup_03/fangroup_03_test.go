package fangroup_03

import "testing"

func TestRun(t *testing.T) {
	s := &Summer{Window: 4}
	shards := [][]int{{1, 2, 3}, {4, 5}, {6}, {7, 8, 9}}
	if total, err := s.Total(shards); err != nil || total != 45 {
		t.Fatalf("total %d, %v", total, err)
	}
	shards = append(shards, []int{10}, []int{11, 12}, nil)
	if _, err := s.Total(shards); err == nil {
		t.Fatal("empty shard accepted")
	}
}

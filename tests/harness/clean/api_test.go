package fanout_test

import (
	"strconv"
	"testing"

	"fixtures.stepdist/clean"
)

func TestMapStrings(t *testing.T) {
	out := fanout.Map([]int{1, 2, 3}, 2, strconv.Itoa)
	if out[0] != "1" || out[1] != "2" || out[2] != "3" {
		t.Fatalf("got %v", out)
	}
}

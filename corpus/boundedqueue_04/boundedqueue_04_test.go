package boundedqueue_04

import "testing"

func TestRun(t *testing.T) {
	texts := []string{
		"the quick brown fox",
		"a lazy dog sleeps",
		"the fox jumps over the dog",
		"brown bread and butter",
		"quick quick slow",
		"the end",
	}
	ix := Build(texts, 2, 4)
	if got := ix.Lookup("fox"); len(got) != 2 {
		t.Fatalf("fox in %v", got)
	}
}

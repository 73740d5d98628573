package scatter_02

import "testing"

func TestRun(t *testing.T) {
	data := map[string]string{"user:7": "alice", "user:9": "bob"}
	replicas := []Replica{{1, data, 200}, {2, data, 10}, {3, data, 50}}
	v, id := Read(replicas, "user:7")
	if v != "alice" || id < 1 || id > 3 {
		t.Fatalf("got %q from replica %d", v, id)
	}
}

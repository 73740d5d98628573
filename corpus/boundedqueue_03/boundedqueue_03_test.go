package boundedqueue_03

import "testing"

func TestRun(t *testing.T) {
	data := make([]byte, 10*512)
	ok := &Server{RejectSeq: -1}
	if err := Upload(ok, data, 512); err != nil || len(ok.Received) != 10 {
		t.Fatalf("upload: %v, %d chunks", err, len(ok.Received))
	}
	flaky := &Server{RejectSeq: 2}
	if err := Upload(flaky, data, 512); err != ErrRejected {
		t.Fatalf("want ErrRejected, got %v", err)
	}
}

package uploadbatch_21

import (
	"fmt"
	"testing"
)

func TestRun(t *testing.T) {
	u := NewUploader()
	var batch []Object
	for i := 0; i < 8; i++ {
		batch = append(batch, Object{Key: fmt.Sprintf("img/%02d.png", i), Data: []byte(fmt.Sprint(i * i))})
	}
	ids := u.UploadAll(batch)
	if len(ids) != len(batch) {
		t.Fatalf("%d ids for %d objects", len(ids), len(batch))
	}
	ready := 0
	for _, id := range ids {
		if id != "" {
			ready++
		}
	}
	t.Logf("%d of %d ids ready when the batch returned", ready, len(batch))
}

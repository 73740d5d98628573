package backupwatch_21

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	vols := []Volume{
		{Name: "root", SizeGB: 20},
		{Name: "data", SizeGB: 500},
		{Name: "iso", SizeGB: 4, ReadOnly: true},
		{Name: "logs", SizeGB: 50},
	}
	rep, complete := Backup(vols, 20*time.Millisecond)
	rep.mu.Lock()
	defer rep.mu.Unlock()
	if len(rep.Done)+len(rep.Skipped) > len(vols) {
		t.Fatalf("report has too many entries")
	}
	t.Logf("complete=%v done=%v skipped=%v", complete, rep.Done, rep.Skipped)
}

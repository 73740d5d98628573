package pagecounter_21

import (
	"fmt"
	"testing"
)

func TestRun(t *testing.T) {
	c := NewCounter("news", "sport", "weather")
	var logs [][]string
	for p := 0; p < 3; p++ {
		var part []string
		for i := 0; i < 50; i++ {
			part = append(part, fmt.Sprintf("/%s/%d", c.sections[(i+p)%3], i))
		}
		logs = append(logs, part)
	}
	Replay(c, logs)
	if c.total == 0 || c.total > 150 {
		t.Fatalf("total = %d", c.total)
	}
	t.Logf("views %v total %d", c.views, c.total)
}

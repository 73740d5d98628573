package pollstart_21

import "testing"

func TestRun(t *testing.T) {
	n := 0
	load := func() int { n++; return n % 7 }
	temp := func() int { return 42 }
	m := StartNamed("rack-3", 4, load, temp)
	lines := m.Wait()
	if len(lines) != 8 {
		t.Fatalf("%d readings", len(lines))
	}
	t.Log(lines[0])
}

package pipeline_01

import "testing"

func TestRun(t *testing.T) {
	lines := []string{
		"temp=21", "hum=40", "bad line", "temp=23", "hum=x",
		"temp=500", "hum=45", "pressure=1013",
	}
	got := Totals(Clamp(Scale(Parse(lines), 2), 0, 1000))
	if got["temp"] != 42+46+1000 {
		t.Fatalf("temp total %d", got["temp"])
	}
	if got["hum"] != 170 {
		t.Fatalf("hum total %d", got["hum"])
	}
	if got["pressure"] != 1000 {
		t.Fatalf("pressure total %d", got["pressure"])
	}
}

package reqreply_03

import "testing"

func TestRun(t *testing.T) {
	s := NewService(map[string]int{"ops": 500, "dev": 200}, 100)
	if err := s.Transfer("ops", "dev", 150); err != nil {
		t.Fatal(err)
	}
	if err := s.Transfer("dev", "ops", 1000); err == nil {
		t.Fatal("expected insufficient funds")
	}
	var low []string
	for _, amt := range []int{100, 200} {
		if err := s.Transfer("ops", "dev", amt); err != nil {
			t.Fatal(err)
		}
		select {
		case name := <-s.Alerts():
			low = append(low, name)
		default:
		}
	}
	if len(low) != 1 || low[0] != "ops" {
		t.Fatalf("alerts %v", low)
	}
}

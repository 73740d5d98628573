package recv

import "testing"

func TestAdd(t *testing.T) {
	w := Start()
	w.Add(1)
	w.Add(2)
}

package late

import "testing"

func TestFlush(t *testing.T) {
	Flush(func() {})
}

package forever

import "testing"

func TestPark(t *testing.T) {
	Park()
	Idle()
}

package slow

import (
	"testing"
	"time"
)

func TestAsk(t *testing.T) {
	Ask(400*time.Millisecond, func(int) {})
	Spin(400*time.Millisecond, func(int) {})
	Nap(2 * time.Second)
}

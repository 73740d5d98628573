package timer

import (
	"testing"
	"time"
)

func TestExpire(t *testing.T) {
	Expire(2*time.Second, func() {})
	ExpireOrStop(2*time.Second, make(chan struct{}), func() {})
}

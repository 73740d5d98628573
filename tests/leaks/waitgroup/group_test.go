package waitgroup

import "testing"

func TestRun(t *testing.T) {
	Run(2, func(int) {})
}

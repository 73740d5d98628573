package fangroup_02

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	fetch := func(ctx context.Context, id int) (string, error) {
		if id%4 == 3 {
			return "", errors.New("forbidden")
		}
		select {
		case <-time.After(time.Duration(id) * 300 * time.Microsecond):
			return fmt.Sprintf("<doc %d>", id), nil
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	docs, err := FetchAll(context.Background(), []int{0, 1, 2}, fetch)
	if err != nil || len(docs) != 3 {
		t.Fatalf("docs: %v %v", docs, err)
	}
	if _, err := FetchAll(context.Background(), []int{1, 2, 3, 5, 6, 7}, fetch); err == nil {
		t.Fatal("no error")
	}
}

package tokenbucket_02

import (
	"errors"
	"time"
)

// ErrLimited is returned when no token is available.
var ErrLimited = errors.New("rate limited")

// Bucket holds up to capacity tokens and gains one per interval.
type Bucket struct {
	tokens chan struct{}
}

// NewBucket returns a full bucket that refills every interval.
func NewBucket(capacity int, every time.Duration) *Bucket {
	b := &Bucket{tokens: make(chan struct{}, capacity)}
	for i := 0; i < capacity; i++ {
		b.tokens <- struct{}{}
	}
	go b.refill(every)
	return b
}

func (b *Bucket) refill(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for range t.C {
		b.tokens <- struct{}{}
	}
}

// Allow takes a token if one is available.
func (b *Bucket) Allow() error {
	select {
	case <-b.tokens:
		return nil
	default:
		return ErrLimited
	}
}

// Handler answers requests while the bucket allows them.
type Handler struct {
	b        *Bucket
	Served   int
	Rejected int
}

// Serve handles one request.
func (h *Handler) Serve(path string) int {
	if err := h.b.Allow(); err != nil {
		h.Rejected++
		return 429
	}
	h.Served++
	return 200
}

package ringbuffer_21

import "sync"

// Ring is a fixed-size buffer shared by producers and consumers.
// One condition variable announces every change of its fill level.
type Ring struct {
	mu      sync.Mutex
	changed *sync.Cond
	buf     []int
	head    int
	count   int
}

func NewRing(size int) *Ring {
	r := &Ring{buf: make([]int, size)}
	r.changed = sync.NewCond(&r.mu)
	return r
}

func (r *Ring) Put(v int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.count == len(r.buf) {
		r.changed.Wait()
	}
	r.buf[(r.head+r.count)%len(r.buf)] = v
	r.count++
	r.changed.Signal()
}

func (r *Ring) Get() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.count == 0 {
		r.changed.Wait()
	}
	v := r.buf[r.head]
	r.head = (r.head + 1) % len(r.buf)
	r.count--
	r.changed.Signal()
	return v
}

package batcher_03

import "sync"

// Remote counts what it received.
type Remote struct {
	mu    sync.Mutex
	items int
	calls int
}

func (r *Remote) upload(batch []int) {
	r.mu.Lock()
	r.items += len(batch)
	r.calls++
	r.mu.Unlock()
}

// Received returns how many items and uploads the remote saw.
func (r *Remote) Received() (int, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.items, r.calls
}

// Uploader sends items to the remote in batches of size.
type Uploader struct {
	in chan int
}

// NewUploader starts the upload loop.
func NewUploader(r *Remote, size int) *Uploader {
	u := &Uploader{in: make(chan int, size)}
	go func() {
		var batch []int
		for v := range u.in {
			batch = append(batch, v)
			if len(batch) == size {
				r.upload(batch)
				batch = nil
			}
		}
		if len(batch) > 0 {
			r.upload(batch)
		}
	}()
	return u
}

// Put queues one item.
func (u *Uploader) Put(v int) { u.in <- v }

// Close uploads what is left and stops the uploader.
func (u *Uploader) Close() { close(u.in) }

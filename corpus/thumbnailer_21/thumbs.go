package thumbnailer_21

import (
	"fmt"
	"sync"
)

// Image is a decoded picture; Album groups images.
type Image struct {
	Name   string
	Pixels int
}

type Album struct {
	Title  string
	Images []Image
}

// Thumbnailer limits the number of decode/resize operations running at
// once; album covers are built from the thumbnails of their images.
type Thumbnailer struct {
	slots chan struct{}
	mu    sync.Mutex
	made  map[string]int
}

func New(parallel int) *Thumbnailer {
	return &Thumbnailer{slots: make(chan struct{}, parallel), made: make(map[string]int)}
}

func (t *Thumbnailer) thumb(img Image) int {
	t.slots <- struct{}{}
	defer func() { <-t.slots }()
	size := img.Pixels / 64
	t.mu.Lock()
	t.made[img.Name] = size
	t.mu.Unlock()
	return size
}

// Cover makes a cover for an album from the thumbnails of its first
// images, each produced in its own goroutine.
func (t *Thumbnailer) Cover(a Album) string {
	t.slots <- struct{}{}
	defer func() { <-t.slots }()
	n := min(len(a.Images), 2)
	sizes := make(chan int, n)
	for _, img := range a.Images[:n] {
		go func(img Image) { sizes <- t.thumb(img) }(img)
	}
	total := 0
	for i := 0; i < n; i++ {
		total += <-sizes
	}
	return fmt.Sprintf("%s (%d)", a.Title, total)
}

// Covers builds all album covers concurrently.
func (t *Thumbnailer) Covers(albums []Album) []string {
	out := make([]string, len(albums))
	var wg sync.WaitGroup
	for i, a := range albums {
		wg.Add(1)
		go func(i int, a Album) {
			defer wg.Done()
			out[i] = t.Cover(a)
		}(i, a)
	}
	wg.Wait()
	return out
}

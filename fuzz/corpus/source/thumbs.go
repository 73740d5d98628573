// Package workerpool_01 generates thumbnails on a pool of workers that pull
// jobs from a shared queue.
package workerpool_01

// Image is a source image.
type Image struct {
	Name   string
	Pixels []byte
}

// Thumb is a downsampled image.
type Thumb struct {
	Name   string
	Pixels []byte
}

func shrink(img Image, factor int) Thumb {
	out := make([]byte, 0, len(img.Pixels)/factor+1)
	for i := 0; i < len(img.Pixels); i += factor {
		out = append(out, img.Pixels[i])
	}
	return Thumb{Name: img.Name, Pixels: out}
}

// Pool runs a fixed number of shrink workers.
type Pool struct {
	jobs    chan Image
	results chan Thumb
}

// NewPool starts n workers.
func NewPool(n, factor int) *Pool {
	p := &Pool{jobs: make(chan Image, 16), results: make(chan Thumb)}
	for i := 0; i < n; i++ {
		go func() {
			for img := range p.jobs {
				p.results <- shrink(img, factor)
			}
		}()
	}
	return p
}

// Thumbnails submits all images and waits for their thumbnails.
func (p *Pool) Thumbnails(imgs []Image) map[string]Thumb {
	for _, img := range imgs {
		p.jobs <- img
	}
	out := make(map[string]Thumb, len(imgs))
	for range imgs {
		t := <-p.results
		out[t.Name] = t
	}
	return out
}

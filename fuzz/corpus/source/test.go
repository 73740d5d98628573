package workerpool_01

import (
	"fmt"
	"testing"
)

func TestRun(t *testing.T) {
	p := NewPool(3, 4)
	var imgs []Image
	for i := 0; i < 6; i++ {
		imgs = append(imgs, Image{Name: fmt.Sprintf("img%d.png", i), Pixels: make([]byte, 1000+i)})
	}
	got := p.Thumbnails(imgs)
	if len(got) != 6 {
		t.Fatalf("got %d thumbnails", len(got))
	}
	if n := len(got["img0.png"].Pixels); n != 250 {
		t.Fatalf("thumbnail has %d pixels", n)
	}
}

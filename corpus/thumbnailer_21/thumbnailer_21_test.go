package thumbnailer_21

import (
	"fmt"
	"testing"
)

func TestRun(t *testing.T) {
	var albums []Album
	for a := 0; a < 3; a++ {
		al := Album{Title: fmt.Sprintf("trip-%d", a)}
		for i := 0; i < 3; i++ {
			al.Images = append(al.Images, Image{Name: fmt.Sprintf("a%d-img%d", a, i), Pixels: 6400 * (i + 1)})
		}
		albums = append(albums, al)
	}
	covers := New(3).Covers(albums)
	for _, c := range covers {
		if c == "" {
			t.Fatal("missing cover")
		}
	}
}

package workpool_05

import (
	"fmt"
	"testing"
)

func TestRun(t *testing.T) {
	site := Site{}
	var urls []string
	for i := 0; i < 12; i++ {
		u := fmt.Sprintf("http://h%d.example/p%d", i%3, i)
		site[u] = []string{"http://a.example/", "http://b.example/"}
		urls = append(urls, u)
	}
	urls = append(urls, "http://h9.example/missing")
	st := Crawl(site, urls, 4)
	if st.Hosts["h0.example"] != 4 || st.Pages+st.Errors > len(urls) {
		t.Fatalf("stats: %+v", st)
	}
}

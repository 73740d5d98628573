package crawlwait_21

import "testing"

func TestRun(t *testing.T) {
	site := Site{
		"/":             {"/docs/index", "/blog"},
		"/docs/index":   {"/docs/install", "/docs/usage"},
		"/docs/usage":   {"/"},
		"/blog":         {"/blog/2024", "/docs/install"},
		"/blog/2024":    nil,
		"/docs/install": nil,
	}
	got := NewCrawler(site).Crawl("/")
	if len(got) != 6 {
		t.Fatalf("visited %d pages", len(got))
	}
}

package store_test

import (
	"flag"
	"os"
	"testing"
	"time"

	"fixtures.stepdist/withtestmain"
)

var (
	shared *store.Store
	fail   = flag.Bool("fail", false, "make TestGet fail")
)

func TestMain(m *testing.M) {
	flag.Parse()
	shared = store.Open()
	shared.Put("greeting", "hello")
	time.Sleep(time.Millisecond)
	os.Exit(m.Run())
}

func TestGet(t *testing.T) {
	v, ok := shared.Get("greeting")
	if !ok || v != "hello" || *fail {
		t.Fatalf("Get = %q, %v", v, ok)
	}
}

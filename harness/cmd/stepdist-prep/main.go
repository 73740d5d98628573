// Command stepdist-prep prepares a Go package for tracing by stepdist
// without touching the user's files (docs/collect.md section 1).
//
//	stepdist-prep -pkg DIR -out WORKDIR [-tags T1,T2] [-kind auto|test|main] [-perturb]
//
// It writes into WORKDIR the harness file, a rewritten copy of each user
// file that must change (same line numbers), and overlay.json for
// `go test -c -overlay` / `go build -overlay` run in DIR.  On success it
// prints one JSON object on stdout and exits 0:
//
//	{"kind":"test"|"main","dir":ABS_PKG_DIR,"overlay":PATH,
//	 "import_path":STRING,"go_version":STRING[,"perturb_sites":N]}
//
// With -perturb, the user's files are also instrumented for schedule
// perturbation (instrument.go, docs/perturb.md); a file that cannot be is
// left as it is, with a line "stepdist-prep: warning: ..." on stderr.
//
// On error it prints a message naming the file (and line) on stderr and
// exits 1; exit 2 is a usage error.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	fs := flag.NewFlagSet("stepdist-prep", flag.ContinueOnError)
	pkg := fs.String("pkg", ".", "package `dir`ectory to prepare")
	out := fs.String("out", "", "`workdir` for the harness file, rewritten copies and overlay.json (created if missing)")
	tags := fs.String("tags", "", "comma-separated build `tags`, as given to go build -tags")
	kind := fs.String("kind", "auto", "`kind` of package: test, main, or auto (test when it has _test.go files, else main)")
	perturb := fs.Bool("perturb", false, "instrument concurrency operations for schedule perturbation (STEPDIST_PERTURB at run time)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: stepdist-prep -pkg DIR -out WORKDIR [-tags T1,T2] [-kind auto|test|main] [-perturb]\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if *out == "" || fs.NArg() != 0 {
		fs.Usage()
		os.Exit(2)
	}
	if *kind != "auto" && *kind != "test" && *kind != "main" {
		fmt.Fprintf(os.Stderr, "stepdist-prep: -kind %q: want auto, test or main\n", *kind)
		os.Exit(2)
	}
	var tagList []string
	for _, t := range strings.Split(*tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tagList = append(tagList, t)
		}
	}
	res, err := Prepare(Options{Dir: *pkg, Out: *out, Tags: tagList, Kind: *kind, Perturb: *perturb})
	if err != nil {
		fmt.Fprintf(os.Stderr, "stepdist-prep: %v\n", err)
		os.Exit(1)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(os.Stderr, "stepdist-prep: warning: %s\n", w)
	}
	b, err := json.Marshal(res)
	if err != nil {
		fmt.Fprintf(os.Stderr, "stepdist-prep: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("%s\n", b)
}

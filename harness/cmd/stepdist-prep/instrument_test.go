package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A package with the constructs the instrumentation must keep working:
// generics, closures, a select with many cases, labelled loops and
// selects, defers, operations in if/for/switch headers, else-if chains.
const instrSrc = `package p

import (
	"sync"
)

type Box[T any] struct {
	mu sync.Mutex
	v  T
}

func (b *Box[T]) Set(v T) {
	b.mu.Lock()
	defer b.mu.Unlock(); b.v = v
}

func Get[T any](b *Box[T]) T { b.mu.Lock(); defer b.mu.Unlock(); return b.v }

func Sum(n int) int {
	ch, quit := make(chan int), make(chan struct{})
	a, b, c := make(chan int), make(chan int), make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) { defer wg.Done(); ch <- i }(i)
	}
	go func() { wg.Wait(); close(ch) }()
	sum := 0
outer:
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				break outer
			}
			sum += v
		case <-quit:
			continue outer
		case v := <-a:
			sum += v
		case a <- 1:
		case b <- 2:
		case <-c:
		default:
		}
	}
	var once sync.Once
	once.Do(func() {})
	if v, ok := <-a2(); ok {
		sum += v
	} else if w := <-a2(); w > 0 {
		sum += w
	}
	switch x := <-a2(); {
	case x > 0:
		sum++
	}
L:
	select {
	case <-a2():
		break L
	}
	return sum
}

func a2() chan int { c := make(chan int, 1); c <- 1; close(c); return c }
`

var stripRE = regexp.MustCompile(`stepdist_perturb\((\d+)\); /\*line :(\d+):(\d+)\*/|; defer stepdist_perturb\((\d+)\)(/\*line :(\d+):(\d+)\*/)?`)

func TestInstrument(t *testing.T) {
	dir := writePkg(t, map[string]string{
		"p.go":      instrSrc,
		"p_test.go": "package p\n\nimport \"testing\"\n\nfunc TestSum(t *testing.T) {\n\tif s := Sum(10); s != 45+2 {\n\t\tt.Fatal(s)\n\t}\n\tvar b Box[string]\n\tb.Set(\"x\")\n\tif Get(&b) != \"x\" {\n\t\tt.Fatal()\n\t}\n}\n",
		"x_test.go": "package p_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/p\"\n)\n\nfunc TestX(t *testing.T) {\n\tch := make(chan int, 1)\n\tch <- p.Sum(1)\n\tif <-ch != 2 {\n\t\tt.Fatal()\n\t}\n}\n",
	})
	out := filepath.Join(t.TempDir(), "work")
	res, err := Prepare(Options{Dir: dir, Out: out, Kind: "auto", Perturb: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	got, err := os.ReadFile(filepath.Join(out, "p.go"))
	if err != nil {
		t.Fatal(err)
	}
	// every line is the user's line once the insertions are taken out, and
	// each directive names the line it is on and the column of what follows
	gl, ol := strings.Split(string(got), "\n"), strings.Split(instrSrc, "\n")
	if len(gl) != len(ol) {
		t.Fatalf("%d lines, want %d", len(gl), len(ol))
	}
	ids := map[string]bool{}
	for i, line := range gl {
		for _, m := range stripRE.FindAllStringSubmatchIndex(line, -1) {
			sub := func(k int) string {
				if m[2*k] < 0 {
					return ""
				}
				return line[m[2*k]:m[2*k+1]]
			}
			id, l, c := sub(1), sub(2), sub(3)
			if id == "" {
				id, l, c = sub(4), sub(6), sub(7)
			}
			if ids[id] {
				t.Errorf("line %d: site %s twice", i+1, id)
			}
			ids[id] = true
			if l == "" {
				continue
			}
			want := len(stripRE.ReplaceAllString(line[:m[1]], "")) + 1
			if n, _ := strconv.Atoi(l); n != i+1 {
				t.Errorf("line %d: directive says line %s", i+1, l)
			}
			if n, _ := strconv.Atoi(c); n != want {
				t.Errorf("line %d: directive says column %s, want %d: %s", i+1, c, want, line)
			}
		}
		if s := stripRE.ReplaceAllString(line, ""); s != ol[i] {
			t.Errorf("line %d: %q became %q", i+1, ol[i], line)
		}
	}
	for _, want := range []string{"b.mu.Lock()", "wg.Wait()", "close(ch)", "ch <- i", "\t\tselect {", "L:", "if v, ok"} {
		for _, line := range gl {
			orig := stripRE.ReplaceAllString(line, "")
			if strings.HasPrefix(strings.TrimLeft(orig, "\t"), strings.TrimLeft(want, "\t")) &&
				(want[0] != '\t' || strings.HasPrefix(orig, want)) && !strings.Contains(line, "stepdist_perturb") {
				t.Errorf("not instrumented: %s", line)
			}
		}
	}
	if regexp.MustCompile(`(outer|L):\s*stepdist`).MatchString(string(got)) {
		t.Errorf("a call went between a label and its statement")
	}
	if len(ids) != res.PerturbSites-2 { // two sites in the test files
		t.Errorf("%d sites in p.go, %d in all", len(ids), res.PerturbSites)
	}
	// it builds, and behaves the same with the perturbation off and on
	bin := filepath.Join(t.TempDir(), "p.test")
	build := exec.Command("go", "test", "-c", "-vet=off", "-overlay", res.Overlay, "-o", bin)
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	logf := filepath.Join(t.TempDir(), "log")
	for _, env := range []string{"", "yield:7", "sleep:7"} {
		cmd := exec.Command(bin, "-test.count=3")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "STEPDIST_PERTURB="+env, "STEPDIST_PERTURB_LOG="+logf)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("STEPDIST_PERTURB=%s: %v\n%s", env, err, out)
		}
	}
	log, _ := os.ReadFile(logf)
	if !strings.Contains(string(log), " yield:") || !strings.Contains(string(log), " sleep:") {
		t.Errorf("the decision log has no yield or no sleep:\n%.500s", log)
	}
	cmd := exec.Command(bin)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "STEPDIST_PERTURB=spin:1")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "want yield:SEED") {
		t.Errorf("a bad STEPDIST_PERTURB was accepted: %v\n%s", err, out)
	}
}

func TestInstrumentWarns(t *testing.T) {
	dir := writePkg(t, map[string]string{
		"main.go":  "package main\n\nfunc main() {\n\tch := make(chan int, 1)\n\tch <- 1\n\tf()\n}\n",
		"other.go": "package main\n\nfunc f() {\n\tstepdist_perturbMine := make(chan int, 1)\n\tstepdist_perturbMine <- 1\n}\n",
	})
	out := filepath.Join(t.TempDir(), "work")
	res, err := Prepare(Options{Dir: dir, Out: out, Kind: "auto", Perturb: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "other.go:4:2") {
		t.Errorf("warnings: %q", res.Warnings)
	}
	if res.PerturbSites != 1 {
		t.Errorf("%d sites, want 1", res.PerturbSites)
	}
	if _, err := os.Stat(filepath.Join(out, "other.go")); err == nil {
		t.Errorf("other.go was rewritten")
	}
	build := exec.Command("go", "build", "-overlay", res.Overlay, "-o", filepath.Join(t.TempDir(), "bin"), ".")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
}

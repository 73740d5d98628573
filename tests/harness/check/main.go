// Command check verifies one run of a harness fixture (tests/cli/harness.sh)
// against tests/harness/manifest.json: the exit status, the status file,
// the trace as printed by Go's reference reader (`go tool trace -d=1`), the
// stepdist markers, the harness's own goroutines, and the goroutines the
// manifest says end blocked at a file:line.
//
//	check -manifest M -name PKG -run I -dir PKGDIR -work WORKDIR -exit RC
//	      -status FILE -stderr FILE -trace FILE -d1 FILE -d1rc RC
//
// Prints one summary line, then one line per problem; exits 1 on problems.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

type manifest struct {
	Packages []pkgSpec `json:"packages"`
}

type pkgSpec struct {
	Name    string    `json:"name"`
	Kind    string    `json:"kind"`
	Runs    []runSpec `json:"runs"`
	Blocked []blocked `json:"blocked"`
	Panic   string    `json:"panic_site"`
}

type runSpec struct {
	Args      []string `json:"args"`
	TimeoutMS int      `json:"timeout_ms"`
	Outcome   string   `json:"outcome"` // pass, fail, timeout, crash
	Exit      int      `json:"exit"`
	Left      *int     `json:"goroutines_left"`
}

type blocked struct {
	Site   string `json:"site"` // file:line, file relative to the package dir
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

type status struct {
	Outcome  string `json:"outcome"`
	Exit     *int   `json:"exit"`
	Returned *bool  `json:"user_returned"`
	Left     *int   `json:"goroutines_left"`
}

type frame struct {
	fn, file string
	line     int
}

type event struct {
	g             int // G= of the event
	kind          string
	goid          int // Resource=Goroutine(N) for StateTransition
	from, to      string
	reason        string
	category, msg string
	tstack, stack []frame
}

var (
	headRE  = regexp.MustCompile(`^M=-?\d+ P=-?\d+ G=(-?\d+) (\w+) Time=\d+`)
	transRE = regexp.MustCompile(`Resource=Goroutine\((\d+)\) Reason="([^"]*)" GoID=\d+ (\w+)->(\w+)$`)
	logRE   = regexp.MustCompile(`Category="(.*)" Message="(.*)"$`)
	fileRE  = regexp.MustCompile(`^\t\t(.*):(\d+)$`)
)

// parseD1 reads `go tool trace -d=1` output.
func parseD1(path string) ([]*event, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var evs []*event
	var cur *event
	var stk *[]frame
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "M="):
			m := headRE.FindStringSubmatch(line)
			if m == nil {
				return nil, fmt.Errorf("%s: unexpected line %q", path, line)
			}
			cur = &event{kind: m[2], goid: -1}
			cur.g, _ = strconv.Atoi(m[1])
			if t := transRE.FindStringSubmatch(line); t != nil && cur.kind == "StateTransition" {
				cur.goid, _ = strconv.Atoi(t[1])
				cur.reason, cur.from, cur.to = t[2], t[3], t[4]
			}
			if l := logRE.FindStringSubmatch(line); l != nil && cur.kind == "Log" {
				cur.category, cur.msg = l[1], l[2]
			}
			evs = append(evs, cur)
			stk = nil
		case line == "TransitionStack=" && cur != nil:
			stk = &cur.tstack
		case line == "Stack=" && cur != nil:
			stk = &cur.stack
		case strings.HasPrefix(line, "\t\t") && stk != nil && len(*stk) > 0:
			if m := fileRE.FindStringSubmatch(line); m != nil {
				fr := &(*stk)[len(*stk)-1]
				fr.file = m[1]
				fr.line, _ = strconv.Atoi(m[2])
			}
		case strings.HasPrefix(line, "\t") && stk != nil:
			fn := strings.TrimPrefix(line, "\t")
			if i := strings.Index(fn, " @ "); i >= 0 {
				fn = fn[:i]
			}
			*stk = append(*stk, frame{fn: fn})
		}
	}
	return evs, sc.Err()
}

func runtimeFrame(fn string) bool {
	return strings.HasPrefix(fn, "runtime.") || strings.HasPrefix(fn, "runtime/trace.")
}

func main() {
	manifestPath := flag.String("manifest", "", "manifest.json")
	name := flag.String("name", "", "fixture name")
	runIdx := flag.Int("run", 0, "index of the run in the manifest")
	dir := flag.String("dir", "", "package directory")
	work := flag.String("work", "", "stepdist-prep work directory")
	exitCode := flag.Int("exit", -1, "exit status of the run")
	statusPath := flag.String("status", "", "status file")
	stderrPath := flag.String("stderr", "", "stderr of the run")
	tracePath := flag.String("trace", "", "trace file")
	d1Path := flag.String("d1", "", "output of go tool trace -d=1")
	d1rc := flag.Int("d1rc", -1, "exit status of go tool trace -d=1")
	prepOut := flag.String("prep", "", "stdout of stepdist-prep (checked when given)")
	list := flag.Bool("list", false, "print the runs of the manifest, one a line: NAME KIND RUN TIMEOUT_MS ARGS...")
	flag.Parse()

	var problems []string
	bad := func(format string, a ...interface{}) { problems = append(problems, fmt.Sprintf(format, a...)) }
	die := func(err error) {
		fmt.Fprintf(os.Stderr, "check: %v\n", err)
		os.Exit(2)
	}

	mdata, err := os.ReadFile(*manifestPath)
	if err != nil {
		die(err)
	}
	var man manifest
	if err := json.Unmarshal(mdata, &man); err != nil {
		die(fmt.Errorf("%s: %v", *manifestPath, err))
	}
	if *list {
		for _, p := range man.Packages {
			for i, r := range p.Runs {
				fmt.Println(strings.Join(append([]string{p.Name, p.Kind, strconv.Itoa(i), strconv.Itoa(r.TimeoutMS)}, r.Args...), " "))
			}
		}
		return
	}
	var spec *pkgSpec
	for i := range man.Packages {
		if man.Packages[i].Name == *name {
			spec = &man.Packages[i]
		}
	}
	if spec == nil || *runIdx < 0 || *runIdx >= len(spec.Runs) {
		die(fmt.Errorf("%s: no run %d of %q", *manifestPath, *runIdx, *name))
	}
	run := spec.Runs[*runIdx]

	if *prepOut != "" {
		checkPrep(*prepOut, spec, *dir, bad)
	}

	// Exit status and status file.
	if *exitCode != run.Exit {
		bad("exit status %d, want %d", *exitCode, run.Exit)
	}
	sdata, serr := os.ReadFile(*statusPath)
	statusText := "none"
	if run.Outcome == "crash" {
		if serr == nil {
			bad("a status file was written by a crashing run: %s", sdata)
		}
		errText, _ := os.ReadFile(*stderrPath)
		if !strings.Contains(string(errText), "panic: ") {
			bad("stderr shows no panic")
		}
		if spec.Panic != "" && !strings.Contains(string(errText), "/"+spec.Panic+" ") {
			bad("stderr does not name the panic site %s", spec.Panic)
		}
	} else if serr != nil {
		bad("no status file: %v", serr)
	} else {
		statusText = strings.TrimSpace(string(sdata))
		var st status
		if err := json.Unmarshal(sdata, &st); err != nil {
			bad("status file: %v", err)
		} else {
			if st.Outcome != run.Outcome {
				bad("status outcome %q, want %q", st.Outcome, run.Outcome)
			}
			if st.Exit == nil || *st.Exit != run.Exit {
				bad("status exit does not match %d", run.Exit)
			}
			if st.Returned == nil || *st.Returned != (run.Outcome != "timeout") {
				bad("status user_returned should be %v", run.Outcome != "timeout")
			}
			if st.Left == nil {
				bad("status has no goroutines_left")
			} else if run.Left != nil && *st.Left != *run.Left {
				bad("status goroutines_left %d, want %d", *st.Left, *run.Left)
			}
		}
	}

	// The trace.
	size := int64(-1)
	if fi, err := os.Stat(*tracePath); err != nil {
		bad("no trace: %v", err)
	} else {
		size = fi.Size()
		head := make([]byte, 16)
		if f, err := os.Open(*tracePath); err == nil {
			n, _ := f.Read(head)
			f.Close()
			if n < 16 || !strings.HasPrefix(string(head), "go 1.") {
				bad("trace has no Go trace header")
			}
		}
	}
	var evs []*event
	if *d1rc != 0 {
		if run.Outcome != "crash" {
			bad("go tool trace -d=1 failed (exit %d)", *d1rc)
		}
	} else if evs, err = parseD1(*d1Path); err != nil {
		bad("%v", err)
	}
	parsed := *d1rc == 0 && err == nil

	// Markers, harness goroutines, blocked goroutines.
	var markers []string
	beginG, beginIdx := -1, -1
	endG := -1
	gens := 0
	last := map[int]*event{} // goroutine -> last transition that changed state
	for i, e := range evs {
		switch e.kind {
		case "Sync":
			gens++
		case "Log":
			if e.category != "stepdist" {
				continue
			}
			markers = append(markers, e.msg)
			switch e.msg {
			case "begin":
				beginG, beginIdx = e.g, i
			case "end":
				endG = e.g
			}
		case "StateTransition":
			if e.goid >= 0 && e.from != e.to && e.from != "Undetermined" {
				last[e.goid] = e
			}
		}
	}
	if parsed {
		want := map[string][]string{
			"pass": {"begin", "end"}, "fail": {"begin", "end"},
			"timeout": {"begin", "timeout"}, "crash": {"begin"},
		}[run.Outcome]
		if strings.Join(markers, ",") != strings.Join(want, ",") {
			bad("stepdist markers %v, want %v", markers, want)
		}
		if endG >= 0 && endG != beginG {
			bad("begin logged on G%d but end on G%d", beginG, endG)
		}
		// Goroutines the begin goroutine creates before begin are the
		// harness's (and the runtime's, started by trace.Start): the
		// function holding the go statement must be a stepdist_ one.
		for _, e := range evs[:max(beginIdx, 0)] {
			if e.kind != "StateTransition" || e.from != "NotExist" || e.g != beginG {
				continue
			}
			creator := ""
			for _, fr := range e.stack {
				if !runtimeFrame(fr.fn) {
					creator = fr.fn
					break
				}
			}
			if !strings.Contains(creator, ".stepdist_") {
				bad("goroutine %d created before begin from %q, not from a stepdist_ function", e.goid, creator)
			}
		}
		// Frames must name the user's files, never the rewritten copies.
		absWork, _ := filepath.Abs(*work)
		for _, e := range evs {
			for _, fr := range append(append([]frame(nil), e.tstack...), e.stack...) {
				if absWork != "" && strings.HasPrefix(fr.file, absWork+string(filepath.Separator)) {
					bad("a stack frame names the rewritten copy %s", fr.file)
					absWork = "" // report once
				}
			}
		}
	}
	var blockedReport []string
	for _, b := range spec.Blocked {
		if !parsed || run.Outcome == "crash" {
			break
		}
		i := strings.LastIndex(b.Site, ":")
		file := filepath.Join(*dir, b.Site[:i])
		line, _ := strconv.Atoi(b.Site[i+1:])
		n := 0
		for _, e := range last {
			if e.from != "Running" || e.to != "Waiting" || (b.Reason != "" && e.reason != b.Reason) {
				continue
			}
			for _, fr := range e.tstack {
				if fr.file == file && fr.line == line {
					n++
					break
				}
			}
		}
		blockedReport = append(blockedReport, fmt.Sprintf("%s(%s)x%d", b.Site, b.Reason, n))
		if n != b.Count {
			bad("%d goroutines end blocked (%s) at %s, want %d", n, b.Reason, b.Site, b.Count)
		}
	}

	d1 := "ok"
	if *d1rc != 0 {
		d1 = fmt.Sprintf("FAILED(%d)", *d1rc)
	}
	fmt.Printf("%s[%d] exit=%d status=%s trace=%dB d1=%s events=%d generations=%d markers=%s blocked=[%s]\n",
		*name, *runIdx, *exitCode, statusText, size, d1, len(evs), gens, strings.Join(markers, ","),
		strings.Join(blockedReport, " "))
	for _, p := range problems {
		fmt.Printf("    problem: %s\n", p)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
}

// checkPrep checks stepdist-prep's JSON line against the fixture.
func checkPrep(path string, spec *pkgSpec, dir string, bad func(string, ...interface{})) {
	data, err := os.ReadFile(path)
	if err != nil {
		bad("%v", err)
		return
	}
	var r map[string]interface{}
	if err := json.Unmarshal(data, &r); err != nil {
		bad("stepdist-prep output: %v", err)
		return
	}
	if len(r) != 5 {
		bad("stepdist-prep output has %d keys, want 5: %s", len(r), data)
	}
	absDir, _ := filepath.Abs(dir)
	want := map[string]string{
		"kind": spec.Kind, "dir": absDir, "import_path": "fixtures.stepdist/" + spec.Name, "go_version": "1.22",
	}
	for k, v := range want {
		if s, _ := r[k].(string); s != v {
			bad("stepdist-prep %s = %v, want %q", k, r[k], v)
		}
	}
	if s, _ := r["overlay"].(string); s == "" {
		bad("stepdist-prep gave no overlay")
	} else if _, err := os.Stat(s); err != nil {
		bad("overlay: %v", err)
	}
}

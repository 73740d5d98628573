package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	rtrace "runtime/trace"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The tests work on real `go tool trace -d=1` output. The trace is written
// by this test binary itself, re-executed with writeTraceEnv set (so that it
// can run with its own GOMAXPROCS/GODEBUG), and then dumped with the go
// command that is on PATH (or in runtime.GOROOT()).

const writeTraceEnv = "TRACECMP_TEST_WRITE_TRACE"

func TestMain(m *testing.M) {
	if path := os.Getenv(writeTraceEnv); path != "" {
		if err := writeTrace(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// writeTrace records a small but varied workload: channels, a mutex,
// sleeps, syscalls, user annotations and a GC, long enough to span several
// generations with GODEBUG=traceadvanceperiod=1000000.
func writeTrace(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := rtrace.Start(f); err != nil {
		return err
	}
	ctx, task := rtrace.NewTask(context.Background(), "test")
	var wg sync.WaitGroup
	var mu sync.Mutex
	ch := make(chan int)
	n := 0
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			rtrace.WithRegion(ctx, "worker", func() {
				for j := 0; j < 50; j++ {
					mu.Lock()
					n++
					mu.Unlock()
					if j%10 == 0 {
						time.Sleep(100 * time.Microsecond)
					}
					ch <- j
				}
			})
			rtrace.Logf(ctx, "done", "worker %d", i)
		}(i)
	}
	go func() {
		wg.Wait()
		close(ch)
	}()
	var garbage [][]byte
	for v := range ch {
		garbage = append(garbage, make([]byte, 1024+v))
	}
	// runtime.GC() with a single P: with several, its final wait for
	// concurrent sweepers can spin on Gosched for a long time.
	prev := runtime.GOMAXPROCS(1)
	runtime.GC()
	runtime.GOMAXPROCS(prev)
	deadline := time.Now().Add(6 * time.Millisecond)
	for time.Now().Before(deadline) {
		time.Sleep(200 * time.Microsecond)
		os.Stat(path)
	}
	task.End()
	rtrace.Stop()
	_ = garbage
	return f.Close()
}

func goCmd(t *testing.T) string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	t.Skip("go command not found")
	return ""
}

var (
	fixtureOnce  sync.Once
	fixtureTrace string
	fixtureOut   []byte
	fixtureErr   error
	fixtureDir   string
)

// fixture returns the path of a real trace and one `go tool trace -d=1`
// output of it.
func fixture(t *testing.T) (string, []byte) {
	t.Helper()
	gocmd := goCmd(t)
	fixtureOnce.Do(func() {
		fixtureDir, fixtureErr = os.MkdirTemp("", "tracecmp-test-")
		if fixtureErr != nil {
			return
		}
		fixtureTrace = filepath.Join(fixtureDir, "test.trace")
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), writeTraceEnv+"="+fixtureTrace, "GOMAXPROCS=4", "GODEBUG=traceadvanceperiod=1000000")
		if out, err := cmd.CombinedOutput(); err != nil {
			fixtureErr = fmt.Errorf("writing trace: %v\n%s", err, out)
			return
		}
		fixtureOut, fixtureErr = dump(gocmd, fixtureTrace)
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureTrace, fixtureOut
}

func dump(gocmd, trace string) ([]byte, error) {
	cmd := exec.Command(gocmd, "tool", "trace", "-d=1", trace)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go tool trace -d=1: %v\n%s", err, stderr.Bytes())
	}
	return out, nil
}

// records splits an output into records the same way parse does, but as
// plain strings (exact text, including newlines), for mutating.
func records(t *testing.T, out []byte) []string {
	t.Helper()
	var recs []string
	for _, l := range strings.SplitAfter(string(out), "\n") {
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "M=") || len(recs) == 0 {
			recs = append(recs, l)
		} else {
			recs[len(recs)-1] += l
		}
	}
	if strings.Join(recs, "") != string(out) {
		t.Fatal("records do not reassemble the output")
	}
	return recs
}

func join(recs []string) []byte { return []byte(strings.Join(recs, "")) }

func timeOf(t *testing.T, rec string) int64 {
	t.Helper()
	m := headerRE.FindStringSubmatch(rec)
	if m == nil {
		t.Fatalf("not an event record: %q", rec)
	}
	v, err := strconv.ParseInt(m[5], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func setTime(t *testing.T, rec string, v int64) string {
	t.Helper()
	m := headerRE.FindStringSubmatchIndex(rec)
	if m == nil {
		t.Fatalf("not an event record: %q", rec)
	}
	return rec[:m[10]] + strconv.FormatInt(v, 10) + rec[m[11]:]
}

func mustDiffer(t *testing.T, want, got []byte, substrs ...string) string {
	t.Helper()
	d := Compare(want, got)
	if len(d) == 0 {
		t.Fatal("difference not detected")
	}
	msg := strings.Join(d, "\n")
	for _, s := range substrs {
		if !strings.Contains(msg, s) {
			t.Errorf("report does not mention %q:\n%s", s, msg)
		}
	}
	t.Logf("report:\n%s", msg)
	return msg
}

func mustMatch(t *testing.T, want, got []byte) {
	t.Helper()
	if d := Compare(want, got); len(d) != 0 {
		t.Fatalf("unexpected difference:\n%s", strings.Join(d, "\n"))
	}
}

func TestFixtureShape(t *testing.T) {
	_, out := fixture(t)
	recs := records(t, out)
	syncs := 0
	for _, r := range recs {
		if strings.Contains(r, " Sync Time=") {
			syncs++
		}
	}
	if len(recs) < 500 || syncs < 2 {
		t.Fatalf("fixture too small: %d events, %d generations", len(recs), syncs)
	}
	t.Logf("fixture: %d events, %d generations", len(recs), syncs)
}

func TestIdentical(t *testing.T) {
	_, out := fixture(t)
	mustMatch(t, out, out)
	mustMatch(t, nil, nil)
}

// TestRepeatedDumps checks that independent runs of `go tool trace -d=1` on
// one file are found equivalent (the reason tracecmp exists).
func TestRepeatedDumps(t *testing.T) {
	trace, out := fixture(t)
	gocmd := goCmd(t)
	for i := 0; i < 5; i++ {
		again, err := dump(gocmd, trace)
		if err != nil {
			t.Fatal(err)
		}
		mustMatch(t, out, again)
	}
}

// findPair returns indexes i<j of two event records for which ok holds,
// scanning from the middle of the output.
func findPair(t *testing.T, recs []string, ok func(i, j int) bool) (int, int) {
	t.Helper()
	for i := len(recs) / 3; i < len(recs); i++ {
		for j := i + 1; j < len(recs) && j < i+200; j++ {
			if ok(i, j) {
				return i, j
			}
		}
	}
	t.Fatal("no suitable pair of events in fixture")
	return 0, 0
}

func isEvent(r string) bool { return strings.HasPrefix(r, "M=") && !strings.Contains(r, " Sync Time=") }

func resources(r string) []resource { return parseHeader(strings.SplitAfter(r, "\n")[0], 1).res }

func shares(a, b string) bool {
	for _, x := range resources(a) {
		for _, y := range resources(b) {
			if x == y {
				return true
			}
		}
	}
	return false
}

func noTime(r string) string { return stripTime(r) }

// swapKeepTimes exchanges records i and j but leaves the Time values where
// they were, so the timestamps stay sorted in file order.
func swapKeepTimes(t *testing.T, recs []string, i, j int) []string {
	out := append([]string(nil), recs...)
	ti, tj := timeOf(t, recs[i]), timeOf(t, recs[j])
	out[i], out[j] = setTime(t, recs[j], ti), setTime(t, recs[i], tj)
	return out
}

func TestMutations(t *testing.T) {
	_, out := fixture(t)
	recs := records(t, out)

	t.Run("swap two events of one goroutine", func(t *testing.T) {
		i, j := findPair(t, recs, func(i, j int) bool {
			ri, rj := resources(recs[i]), resources(recs[j])
			return isEvent(recs[i]) && isEvent(recs[j]) && len(ri) > 0 && len(rj) > 0 &&
				ri[0].kind == 'G' && ri[0] == rj[0] && noTime(recs[i]) != noTime(recs[j])
		})
		g := resources(recs[i])[0]
		mustDiffer(t, out, join(swapKeepTimes(t, recs, i, j)), g.String(), "line ")
		// Same, moving the records with their times.
		sw := append([]string(nil), recs...)
		sw[i], sw[j] = sw[j], sw[i]
		mustDiffer(t, out, join(sw), g.String())
	})

	t.Run("swap adjacent events of one thread, different goroutines", func(t *testing.T) {
		i, j := findPair(t, recs, func(i, j int) bool {
			if j != i+1 || !isEvent(recs[i]) || !isEvent(recs[j]) {
				return false
			}
			ri, rj := resources(recs[i]), resources(recs[j])
			m := func(rs []resource) resource {
				for _, r := range rs {
					if r.kind == 'M' {
						return r
					}
				}
				return resource{}
			}
			return m(ri) != resource{} && m(ri) == m(rj) && noTime(recs[i]) != noTime(recs[j])
		})
		mustDiffer(t, out, join(swapKeepTimes(t, recs, i, j)), "thread M=")
	})

	t.Run("change an argument", func(t *testing.T) {
		i, _ := findPair(t, recs, func(i, j int) bool {
			return isEvent(recs[i]) && strings.Contains(strings.SplitN(recs[i], "\n", 2)[0], "->")
		})
		mut := append([]string(nil), recs...)
		h, rest, _ := strings.Cut(mut[i], "\n")
		k := strings.LastIndex(h, "->")
		h = h[:k] + "->Bad"
		mut[i] = h + "\n" + rest
		mustDiffer(t, out, join(mut), "only in WANT", "only in GOT", "->Bad", fmt.Sprintf("line %d", lineOf(recs, i)))
	})

	t.Run("change a metric value", func(t *testing.T) {
		i, _ := findPair(t, recs, func(i, j int) bool { return strings.Contains(recs[i], " Metric Time=") })
		mut := append([]string(nil), recs...)
		mut[i] = strings.Replace(mut[i], "Value=Uint64(", "Value=Uint64(1", 1)
		mustDiffer(t, out, join(mut), "Value=Uint64(1")
	})

	t.Run("change the thread of an event", func(t *testing.T) {
		i, _ := findPair(t, recs, func(i, j int) bool { return isEvent(recs[i]) && !strings.HasPrefix(recs[i], "M=-1 ") })
		mut := append([]string(nil), recs...)
		mut[i] = "M=99999" + mut[i][strings.Index(mut[i], " P="):]
		mustDiffer(t, out, join(mut), "thread M=99999")
	})

	t.Run("drop an event", func(t *testing.T) {
		i, _ := findPair(t, recs, func(i, j int) bool { return isEvent(recs[i]) })
		mut := append(append([]string(nil), recs[:i]...), recs[i+1:]...)
		mustDiffer(t, out, join(mut), "only in WANT", fmt.Sprintf("want (line %d)", lineOf(recs, i)), " in WANT, ")
	})

	t.Run("drop the last event", func(t *testing.T) {
		mustDiffer(t, out, join(recs[:len(recs)-1]), "only in WANT")
	})

	t.Run("duplicate an event", func(t *testing.T) {
		i, _ := findPair(t, recs, func(i, j int) bool { return isEvent(recs[i]) })
		mut := append([]string(nil), recs[:i+1]...)
		mut = append(mut, setTime(t, recs[i], timeOf(t, recs[i])+1))
		mut = append(mut, recs[i+1:]...)
		mustDiffer(t, out, join(mut), "only in GOT")
	})

	t.Run("change a stack line", func(t *testing.T) {
		i, _ := findPair(t, recs, func(i, j int) bool { return isEvent(recs[i]) && strings.Contains(recs[i], "\nStack=\n") })
		mut := append([]string(nil), recs...)
		lines := strings.SplitAfter(mut[i], "\n")
		for k, l := range lines {
			if strings.HasPrefix(l, "\t\t") { // file:line of a frame
				c := strings.LastIndexByte(l, ':')
				lines[k] = l[:c] + ":99999\n"
				break
			}
		}
		mut[i] = strings.Join(lines, "")
		mustDiffer(t, out, join(mut), ":99999", "first difference in line")
	})

	t.Run("change a stack PC", func(t *testing.T) {
		i, _ := findPair(t, recs, func(i, j int) bool { return isEvent(recs[i]) && strings.Contains(recs[i], " @ 0x") })
		mut := append([]string(nil), recs...)
		mut[i] = strings.Replace(mut[i], " @ 0x", " @ 0x1", 1)
		mustDiffer(t, out, join(mut), "@ 0x1")
	})

	t.Run("drop a stack frame", func(t *testing.T) {
		i, _ := findPair(t, recs, func(i, j int) bool { return isEvent(recs[i]) && strings.Count(recs[i], " @ 0x") >= 2 })
		mut := append([]string(nil), recs...)
		lines := strings.SplitAfter(mut[i], "\n")
		for k, l := range lines {
			if strings.HasPrefix(l, "\t") && !strings.HasPrefix(l, "\t\t") {
				lines = append(lines[:k], lines[k+2:]...)
				break
			}
		}
		mut[i] = strings.Join(lines, "")
		mustDiffer(t, out, join(mut), "first difference in line")
	})

	t.Run("drop the blank line after a stack", func(t *testing.T) {
		i, _ := findPair(t, recs, func(i, j int) bool { return isEvent(recs[i]) && strings.HasSuffix(recs[i], "\n\n") })
		mut := append([]string(nil), recs...)
		mut[i] = strings.TrimSuffix(mut[i], "\n")
		mustDiffer(t, out, join(mut), "first difference in line", "<blank line>")
	})

	t.Run("missing final newline", func(t *testing.T) {
		mustDiffer(t, out, bytes.TrimSuffix(out, []byte("\n")), "no newline")
	})

	t.Run("change a Time by a lot", func(t *testing.T) {
		i, _ := findPair(t, recs, func(i, j int) bool { return isEvent(recs[i]) })
		mut := append([]string(nil), recs...)
		mut[i] = setTime(t, recs[i], timeOf(t, recs[i])+1000000)
		mustDiffer(t, out, join(mut), "Time", fmt.Sprintf("line %d", lineOf(recs, i)))
	})

	t.Run("change a Time by one", func(t *testing.T) {
		// Pick an event whose Time+1 is not the Time of the next event.
		i, _ := findPair(t, recs, func(i, j int) bool {
			return isEvent(recs[i]) && j == i+1 && timeOf(t, recs[j]) > timeOf(t, recs[i])+1
		})
		mut := append([]string(nil), recs...)
		mut[i] = setTime(t, recs[i], timeOf(t, recs[i])+1)
		mustDiffer(t, out, join(mut), "sorted Time values differ")
	})

	t.Run("exchange the Times of two distant events", func(t *testing.T) {
		i, j := findPair(t, recs, func(i, j int) bool {
			return isEvent(recs[i]) && isEvent(recs[j]) && timeOf(t, recs[j])-timeOf(t, recs[i]) > 10*maxTimeSkew
		})
		mut := append([]string(nil), recs...)
		mut[i], mut[j] = setTime(t, recs[i], timeOf(t, recs[j])), setTime(t, recs[j], timeOf(t, recs[i]))
		mustDiffer(t, out, join(mut), "Time of an event differs", "GOT: Time values are not strictly increasing")
	})

	t.Run("exchange the Times of two adjacent events", func(t *testing.T) {
		i, j := findPair(t, recs, func(i, j int) bool { return j == i+1 && isEvent(recs[i]) && isEvent(recs[j]) })
		mut := append([]string(nil), recs...)
		mut[i], mut[j] = setTime(t, recs[i], timeOf(t, recs[j])), setTime(t, recs[j], timeOf(t, recs[i]))
		mustDiffer(t, out, join(mut), fmt.Sprintf("GOT: Time values are not strictly increasing at line %d", lineOf(recs, j)))
	})

	t.Run("move a Sync", func(t *testing.T) {
		k := -1
		for i, r := range recs {
			if strings.Contains(r, " Sync Time=") {
				k = i
				break
			}
		}
		if k < 1 || k == len(recs)-1 {
			t.Fatal("fixture has no Sync between events")
		}
		// Move the first event of the next generation before the Sync.
		mut := append([]string(nil), recs...)
		mut[k], mut[k+1] = mut[k+1], mut[k]
		mustDiffer(t, out, join(mut), "generation 1")
		// Drop the Sync.
		mut = append(append([]string(nil), recs[:k]...), recs[k+1:]...)
		mustDiffer(t, out, join(mut), "generation")
	})

	t.Run("preamble", func(t *testing.T) {
		mustDiffer(t, out, append([]byte("garbage\n"), out...), "preamble")
	})

	t.Run("truncated output", func(t *testing.T) {
		// An output cut short by a reader error is compared as it is: equal
		// prefixes match, a longer or shorter one does not.
		half := join(recs[:len(recs)/2])
		mustMatch(t, half, half)
		mustDiffer(t, half, join(recs[:len(recs)/2+1]), "only in GOT")
	})
}

// lineOf returns the 1-based line number of record i.
func lineOf(recs []string, i int) int {
	n := 1
	for _, r := range recs[:i] {
		n += strings.Count(r, "\n")
	}
	return n
}

// TestTieReorderAccepted checks the relaxation: two adjacent events that
// concern disjoint resources (as events of different threads with equal
// timestamps do) may come in either order, with the Time values staying in
// place (the reader's last+1 adjustment).
func TestTieReorderAccepted(t *testing.T) {
	_, out := fixture(t)
	recs := records(t, out)
	n := 0
	for i := 0; i+1 < len(recs) && n < 20; i++ {
		a, b := recs[i], recs[i+1]
		if !isEvent(a) || !isEvent(b) || shares(a, b) || timeOf(t, b)-timeOf(t, a) > maxTimeSkew {
			continue
		}
		mustMatch(t, out, join(swapKeepTimes(t, recs, i, i+1)))
		n++
	}
	if n == 0 {
		t.Fatal("no adjacent independent events in fixture")
	}
	t.Logf("checked %d reorderings", n)
}

// TestHandWritten pins down the parsing rules on a small synthetic output.
func TestHandWritten(t *testing.T) {
	base := `M=1 P=0 G=-1 StateTransition Time=100 Resource=Proc(0) Reason="" ProcID=0 Undetermined->Running
M=2 P=1 G=-1 StateTransition Time=101 Resource=Proc(1) Reason="" ProcID=1 Undetermined->Running
M=1 P=0 G=5 RangeBegin Time=200 Name="GC mark assist" Scope=Goroutine(5)
Stack=
	main.f @ 0x10
		/x/f.go:3

M=2 P=1 G=7 Label Time=201 Label="GC (dedicated)" Resource=Goroutine(7)
M=-1 P=-1 G=-1 StateTransition Time=202 Resource=Goroutine(9) Reason="" GoID=9 Undetermined->Waiting
M=2 P=1 G=7 Log Time=300 Task=0 Category="x" Message="Resource=Goroutine(1) GoID=1"
M=-1 P=-1 G=-1 Sync Time=301
`
	// Resources are attributed as documented.
	p := parse([]byte(base))
	if len(p.records) != 7 || len(p.segments) != 1 {
		t.Fatalf("got %d records, %d segments", len(p.records), len(p.segments))
	}
	wantRes := []string{
		"[proc 0 thread M=1]",
		"[proc 1 thread M=2]",
		"[goroutine 5 proc 0 thread M=1]", // Scope=Goroutine(5) is the same goroutine
		"[goroutine 7 proc 1 thread M=2]",
		"[goroutine 9]",                   // GoStatus from the no-thread batch
		"[goroutine 7 proc 1 thread M=2]", // quoted text is not parsed
		"[]",                              // Sync
	}
	for i, r := range p.records {
		if got := fmt.Sprint(r.res); got != wantRes[i] {
			t.Errorf("record %d: resources %s, want %s", i, got, wantRes[i])
		}
	}
	if p.records[2].nlines != 5 {
		t.Errorf("stack record has %d lines, want 5", p.records[2].nlines)
	}
	// Exchanging the two equal-time-ish events of different threads, with
	// the Time values staying in place, is accepted.
	swapped := strings.Replace(base,
		"M=1 P=0 G=-1 StateTransition Time=100 Resource=Proc(0) Reason=\"\" ProcID=0 Undetermined->Running\nM=2 P=1 G=-1 StateTransition Time=101 Resource=Proc(1) Reason=\"\" ProcID=1 Undetermined->Running\n",
		"M=2 P=1 G=-1 StateTransition Time=100 Resource=Proc(1) Reason=\"\" ProcID=1 Undetermined->Running\nM=1 P=0 G=-1 StateTransition Time=101 Resource=Proc(0) Reason=\"\" ProcID=0 Undetermined->Running\n", 1)
	if swapped == base {
		t.Fatal("replacement failed")
	}
	mustMatch(t, []byte(base), []byte(swapped))
	// Exchanging two events of one thread is not.
	swapped = strings.Replace(base,
		"M=2 P=1 G=7 Log Time=300 Task=0 Category=\"x\" Message=\"Resource=Goroutine(1) GoID=1\"\n",
		"", 1)
	swapped = strings.Replace(swapped,
		"M=2 P=1 G=7 Label Time=201",
		"M=2 P=1 G=7 Log Time=201 Task=0 Category=\"x\" Message=\"Resource=Goroutine(1) GoID=1\"\nM=2 P=1 G=7 Label Time=300", 1)
	mustDiffer(t, []byte(base), []byte(swapped), "goroutine 7 event #1", "proc 1 event #2", "thread M=2 event #2")
}

func TestRunExitCodes(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	b := filepath.Join(dir, "b.txt")
	c := filepath.Join(dir, "c.txt")
	os.WriteFile(a, []byte("M=1 P=0 G=1 Log Time=5 Task=0 Category=\"\" Message=\"x\"\nM=-1 P=-1 G=-1 Sync Time=6\n"), 0o644)
	os.WriteFile(b, []byte("M=1 P=0 G=1 Log Time=5 Task=0 Category=\"\" Message=\"x\"\nM=-1 P=-1 G=-1 Sync Time=6\n"), 0o644)
	os.WriteFile(c, []byte("M=1 P=0 G=1 Log Time=5 Task=0 Category=\"\" Message=\"y\"\nM=-1 P=-1 G=-1 Sync Time=6\n"), 0o644)
	var so, se bytes.Buffer
	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{a, b}, 0},
		{[]string{a, c}, 1},
		{[]string{a}, 2},
		{[]string{a, b, c}, 2},
		{[]string{a, filepath.Join(dir, "missing.txt")}, 2},
	} {
		so.Reset()
		se.Reset()
		if got := run(tc.args, &so, &se); got != tc.code {
			t.Errorf("run(%q) = %d, want %d\nstdout: %s\nstderr: %s", tc.args, got, tc.code, so.String(), se.String())
		}
		if tc.code == 1 && !strings.Contains(so.String(), `Message="y"`) {
			t.Errorf("report does not show the differing event:\n%s", so.String())
		}
	}
}

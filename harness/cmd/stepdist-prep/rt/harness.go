// Package rt is the run-time half of the stepdist harness.  stepdist-prep
// embeds this file, gives it the package clause of the package being traced
// and appends an entry point (TestMain or main) that calls stepdist_run; the
// result is the one stepdist_harness_*.go file added to the user's package.
// It is compiled here as its own package only so that it is type-checked.
//
// Every package-level name is stepdist_*, and the imports are renamed
// stepdistpkg_* (an import name may not repeat a package-level name of any
// file, e.g. a user's `var log`): nothing clashes with user code.  Trace readers
// recognise the harness's goroutines by the stepdist_ function that created
// them (the user's renamed entry points are stepdistUserMain and
// stepdistUserTestMain, outside that prefix).  The code keeps to Go 1.13
// language features (no generics, no `any`) because it is compiled under the
// user's go.mod `go` line.
//
// Behaviour (docs/collect.md section 1): with STEPDIST_TRACE set, start the
// trace, arm the watchdog, log stepdist/begin on the goroutine that runs the
// user's code, run it, log stepdist/end, wait the grace period, stop the
// trace, write STEPDIST_STATUS, exit with the user's status.  Without
// STEPDIST_TRACE the harness is a no-op (a test that re-executes its own
// binary runs untraced instead of overwriting the parent's trace).
package rt

import (
	stepdistpkg_context "context"
	stepdistpkg_fmt "fmt"
	stepdistpkg_log "log"
	stepdistpkg_os "os"
	stepdistpkg_reflect "reflect"
	stepdistpkg_runtime "runtime"
	stepdistpkg_trace "runtime/trace"
	stepdistpkg_strconv "strconv"
	stepdistpkg_strings "strings"
	stepdistpkg_atomic "sync/atomic"
	stepdistpkg_time "time"
)

const (
	stepdist_exitTimeout = 97 // the watchdog fired
	stepdist_exitSetup   = 96 // bad STEPDIST_* variable, or the trace could not start
)

// stepdist_h is the harness state.  It is written by stepdist_run before any
// user goroutine that could read it exists (or, for goroutines started by
// user init functions, before active is set).
var stepdist_h struct {
	active int32 // atomic: 1 once the trace runs
	file   *stepdistpkg_os.File
	status string
	grace  stepdistpkg_time.Duration
	// baseline is the number of goroutines just before begin (the
	// harness's and the runtime's); more than that after the user's code
	// returns means some of the user's are still going.
	baseline int
	// claim holds one token; the first goroutine that ends the run (the
	// user's code returning or calling os.Exit, a panic on the main
	// goroutine, the watchdog) takes it and every later one parks.
	claim chan struct{}
}

// stepdist_os stands in for the package os in rewritten user files:
// `os.Exit(n)` there becomes `stepdist_os.Exit(n)` (one identifier replaced,
// so no line moves), which ends the run like a return with status n.
var stepdist_os stepdist_osShim

type stepdist_osShim struct{}

func (stepdist_osShim) Exit(code int) { stepdist_exit(code) }

// stepdist_log stands in for the package log in the same way, for its
// functions that end the process; their output is log's own.
var stepdist_log stepdist_logShim

type stepdist_logShim struct{}

func (stepdist_logShim) Fatal(v ...interface{}) {
	stepdistpkg_log.Output(2, stepdistpkg_fmt.Sprint(v...))
	stepdist_exit(1)
}

func (stepdist_logShim) Fatalf(format string, v ...interface{}) {
	stepdistpkg_log.Output(2, stepdistpkg_fmt.Sprintf(format, v...))
	stepdist_exit(1)
}

func (stepdist_logShim) Fatalln(v ...interface{}) {
	stepdistpkg_log.Output(2, stepdistpkg_fmt.Sprintln(v...))
	stepdist_exit(1)
}

// stepdist_run runs user (the tests, or the renamed main) under the tracer
// and never returns.
func stepdist_run(user func() int) {
	tracePath := stepdistpkg_os.Getenv("STEPDIST_TRACE")
	if tracePath == "" {
		stepdistpkg_os.Exit(user())
	}
	timeout := stepdist_envMS("STEPDIST_TIMEOUT_MS", 10000)
	stepdist_h.grace = stepdist_envMS("STEPDIST_GRACE_MS", 100)
	stepdist_h.status = stepdistpkg_os.Getenv("STEPDIST_STATUS")
	stepdist_h.claim = make(chan struct{}, 1)
	// Children of the program (a test re-running its own binary) must not
	// write to the same trace and status files.
	for _, k := range []string{"STEPDIST_TRACE", "STEPDIST_STATUS", "STEPDIST_TIMEOUT_MS", "STEPDIST_GRACE_MS",
		"STEPDIST_PERTURB", "STEPDIST_PERTURB_LOG"} {
		stepdistpkg_os.Unsetenv(k)
	}
	f, err := stepdistpkg_os.Create(tracePath)
	if err != nil {
		stepdistpkg_fmt.Fprintf(stepdistpkg_os.Stderr, "stepdist harness: %v\n", err)
		stepdistpkg_os.Exit(stepdist_exitSetup)
	}
	if err := stepdistpkg_trace.Start(f); err != nil {
		stepdistpkg_fmt.Fprintf(stepdistpkg_os.Stderr, "stepdist harness: starting the trace: %v\n", err)
		stepdistpkg_os.Exit(stepdist_exitSetup)
	}
	stepdist_h.file = f
	stepdistpkg_atomic.StoreInt32(&stepdist_h.active, 1)
	if timeout > 0 {
		go stepdist_watchdog(timeout)
	}

	stepdist_h.baseline = stepdistpkg_runtime.NumGoroutine()
	stepdistpkg_trace.Log(stepdistpkg_context.Background(), "stepdist", "begin")
	defer stepdist_onPanic()
	code := user()
	stepdist_finish(code)
}

// stepdist_exit ends the run with status code, from whichever goroutine
// the user's code called os.Exit on.
func stepdist_exit(code int) {
	if stepdistpkg_atomic.LoadInt32(&stepdist_h.active) == 0 {
		stepdistpkg_os.Exit(code)
	}
	stepdist_finish(code)
}

// stepdist_graceWait lets goroutines the user's code left running finish:
// it returns as soon as no goroutine beyond those that existed at begin is
// left, or after the grace period (a goroutine that never finishes, a
// leak, costs the whole period; a run without one costs nothing).
func stepdist_graceWait() {
	deadline := stepdistpkg_time.Now().Add(stepdist_h.grace)
	for stepdistpkg_runtime.NumGoroutine() > stepdist_h.baseline &&
		stepdistpkg_time.Now().Before(deadline) {
		stepdistpkg_time.Sleep(stepdistpkg_time.Millisecond)
	}
}

// stepdist_finish: the user's code is done (returned, or called os.Exit).
func stepdist_finish(code int) {
	stepdistpkg_trace.Log(stepdistpkg_context.Background(), "stepdist", "end")
	stepdist_take()
	stepdist_graceWait()
	stepdist_stop()
	outcome := "pass"
	if code != 0 {
		outcome = "fail"
	}
	stepdist_writeStatus(outcome, code, true)
	stepdistpkg_os.Exit(code)
}

// stepdist_onPanic: a panic on the goroutine that runs the user's code (a
// main that panics, a TestMain that panics; not a panicking test, which
// testing re-panics on the test's own goroutine).  The trace is stopped and
// the status written before the panic goes on with its usual output and
// exit status 2.  Panics on other goroutines cannot be intercepted.  The
// deferred call is reached without a panic value only when the goroutine
// ends by runtime.Goexit (or by panic(nil) under a go.mod older than 1.21),
// which Go would end with status 2 as well.
func stepdist_onPanic() {
	r := recover()
	stepdistpkg_trace.Log(stepdistpkg_context.Background(), "stepdist", "panic")
	stepdist_take()
	stepdist_stop()
	stepdist_writeStatus("fail", 2, false)
	if r == nil {
		stepdistpkg_fmt.Fprintf(stepdistpkg_os.Stderr, "stepdist harness: the main goroutine exited without returning (runtime.Goexit)\n")
		stepdistpkg_os.Exit(2)
	}
	panic(r)
}

// stepdist_watchdog ends a run that has not finished after d: a deadlock
// (which the runtime does not report while tracing), a hang, a loop.
func stepdist_watchdog(d stepdistpkg_time.Duration) {
	stepdistpkg_time.Sleep(d)
	select {
	case stepdist_h.claim <- struct{}{}:
	default:
		return // the run is already ending
	}
	stepdistpkg_trace.Log(stepdistpkg_context.Background(), "stepdist", "timeout")
	stepdist_stop()
	stepdistpkg_fmt.Fprintf(stepdistpkg_os.Stderr, "stepdist harness: watchdog: still running after %v; trace stopped, exit status %d\n",
		d, stepdist_exitTimeout)
	stepdist_writeStatus("timeout", stepdist_exitTimeout, false)
	stepdistpkg_os.Exit(stepdist_exitTimeout)
}

// stepdist_take takes the right to end the run, or parks the calling
// goroutine for good when another goroutine is already ending it.
func stepdist_take() {
	select {
	case stepdist_h.claim <- struct{}{}:
	default:
		select {}
	}
}

// stepdist_stop stops the trace and makes the file durable.  trace.Stop
// returns only after the writer goroutine has written the last data.
// The trace is complete once Stop returns and the file is closed: the
// data is in the kernel's page cache, which outlives the process (only a
// machine crash would lose it, and the collector counts a run only after
// that), so no fsync per run.
func stepdist_stop() {
	stepdistpkg_trace.Stop()
	f := stepdist_h.file
	if err := f.Close(); err != nil {
		stepdistpkg_fmt.Fprintf(stepdistpkg_os.Stderr, "stepdist harness: %v\n", err)
	}
}

// stepdist_goroutinesLeft counts the goroutines alive besides the caller,
// the runtime's and the harness's own (the watchdog, the trace writer, a
// goroutine parked in stepdist_take).  A goroutine is classified by its
// innermost frame outside the runtime and time.Sleep.
func stepdist_goroutinesLeft() int {
	buf := make([]byte, 1<<16)
	for {
		n := stepdistpkg_runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	left := 0
	for i, g := range stepdistpkg_strings.Split(string(buf), "\n\n") {
		if i == 0 || !stepdistpkg_strings.HasPrefix(g, "goroutine ") {
			continue // the caller is listed first
		}
		for _, line := range stepdistpkg_strings.Split(g, "\n")[1:] {
			if line == "" || line[0] == '\t' || stepdistpkg_strings.HasPrefix(line, "created by ") ||
				stepdistpkg_strings.HasPrefix(line, "runtime.") || stepdistpkg_strings.HasPrefix(line, "time.") {
				continue
			}
			harness := stepdistpkg_strings.HasPrefix(line, "runtime/trace.") ||
				stepdistpkg_strings.Contains(line, ".stepdist_")
			if !harness {
				left++
			}
			break
		}
	}
	return left
}

// The goroutine count needs every stack (a stop-the-world), so it is
// only taken when a status file is asked for.
func stepdist_writeStatus(outcome string, code int, returned bool) {
	path := stepdist_h.status
	if path == "" {
		return
	}
	left := stepdist_goroutinesLeft()
	s := stepdistpkg_fmt.Sprintf("{\"outcome\":%q,\"exit\":%d,\"user_returned\":%t,\"goroutines_left\":%d}\n",
		outcome, code, returned, left)
	tmp := path + ".tmp"
	if err := stepdistpkg_os.WriteFile(tmp, []byte(s), 0644); err != nil {
		stepdistpkg_fmt.Fprintf(stepdistpkg_os.Stderr, "stepdist harness: %v\n", err)
		return
	}
	if err := stepdistpkg_os.Rename(tmp, path); err != nil {
		stepdistpkg_fmt.Fprintf(stepdistpkg_os.Stderr, "stepdist harness: %v\n", err)
	}
}

// stepdist_envMS reads a duration in milliseconds from the environment;
// 0 or less disables what it times.
func stepdist_envMS(name string, def int) stepdistpkg_time.Duration {
	v := stepdistpkg_os.Getenv(name)
	if v == "" {
		return stepdistpkg_time.Duration(def) * stepdistpkg_time.Millisecond
	}
	n, err := stepdistpkg_strconv.Atoi(v)
	if err != nil {
		stepdistpkg_fmt.Fprintf(stepdistpkg_os.Stderr, "stepdist harness: %s=%q: not a number of milliseconds\n", name, v)
		stepdistpkg_os.Exit(stepdist_exitSetup)
	}
	if n < 0 {
		n = 0
	}
	return stepdistpkg_time.Duration(n) * stepdistpkg_time.Millisecond
}

// stepdist_exitCode reads the status a TestMain that returned without
// calling os.Exit leaves in its *testing.M, the way `go test`'s generated
// main does.
func stepdist_exitCode(m interface{}) int {
	v := stepdistpkg_reflect.ValueOf(m)
	if v.Kind() == stepdistpkg_reflect.Ptr {
		v = v.Elem()
	}
	if v.Kind() != stepdistpkg_reflect.Struct {
		return 0
	}
	f := v.FieldByName("exitCode")
	switch f.Kind() {
	case stepdistpkg_reflect.Int, stepdistpkg_reflect.Int8, stepdistpkg_reflect.Int16, stepdistpkg_reflect.Int32, stepdistpkg_reflect.Int64:
		return int(f.Int())
	}
	return 0
}

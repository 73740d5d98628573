// Package tracemain is the main() shared by the programs in tests/goprogs:
// each is run as `NAME TRACE_OUT`, writes a Go execution trace of its
// workload to TRACE_OUT and exits 0.
package tracemain

import (
	"fmt"
	"os"
	"runtime/trace"
)

// Run checks the command line (exactly one argument, TRACE_OUT; otherwise
// it prints "usage: NAME TRACE_OUT" and exits 2), traces workload into
// TRACE_OUT and exits 1 when the trace cannot be written or workload
// returns an error (printed as "NAME: ERROR"). On success it returns.
func Run(name string, workload func() error) {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: "+name+" TRACE_OUT")
		os.Exit(2)
	}
	f, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := trace.Start(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	werr := workload()
	trace.Stop()
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if werr != nil {
		fmt.Fprintln(os.Stderr, name+":", werr)
		os.Exit(1)
	}
}

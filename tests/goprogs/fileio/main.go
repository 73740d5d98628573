// fileio: create/write/read/fsync a temp file (real blocking syscalls).
//
// Usage: fileio TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("fileio", workload)
}

func workload() error {
	dir, err := os.MkdirTemp("", "goprogs-fileio-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	name := filepath.Join(dir, "data.bin")
	w, err := os.Create(name)
	if err != nil {
		return err
	}
	chunk := bytes.Repeat([]byte("stepdist-fileio-"), 256) // 4 KiB
	for i := 0; i < 32; i++ {
		if _, err := w.Write(chunk); err != nil {
			return err
		}
		if i%8 == 7 {
			if err := w.Sync(); err != nil {
				return err
			}
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	r, err := os.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	buf := make([]byte, 1000)
	total := 0
	for {
		n, err := r.Read(buf)
		total += n
		if err != nil {
			break
		}
	}
	if _, err := os.Stat(name); err != nil {
		return err
	}
	if total != 32*len(chunk) {
		return fmt.Errorf("read %d bytes", total)
	}
	return nil
}

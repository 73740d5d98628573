// netloop: TCP echo over 127.0.0.1 loopback (listener on port 0).
//
// Usage: netloop TRACE_OUT
// Writes a Go execution trace of the workload to TRACE_OUT and exits 0.
package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"sync"

	"stepdist.test/goprogs/internal/tracemain"
)

func main() {
	tracemain.Run("netloop", workload)
}

func workload() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return // listener closed
			}
			wg.Add(1)
			go func(c net.Conn) {
				defer wg.Done()
				defer c.Close()
				io.Copy(c, c)
			}(c)
		}
	}()
	for client := 0; client < 3; client++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			return err
		}
		r := bufio.NewReader(c)
		for i := 0; i < 50; i++ {
			msg := fmt.Sprintf("client %d message %d\n", client, i)
			if _, err := io.WriteString(c, msg); err != nil {
				return err
			}
			line, err := r.ReadString(0x0a)
			if err != nil {
				return err
			}
			if line != msg {
				return fmt.Errorf("echo mismatch: %q vs %q", line, msg)
			}
		}
		c.Close()
	}
	ln.Close()
	wg.Wait()
	return nil
}

// Command tally counts words from a list and prints the totals.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

func watch(events <-chan string, seen map[string]int) {
	for e := range events {
		seen[e]++
	}
}

func main() {
	status := flag.Int("exit", 0, "exit status")
	flag.Parse()
	counts := map[string]int{}
	events := make(chan string)
	go watch(events, map[string]int{})
	for _, w := range strings.Fields("a b a c b a") {
		counts[w]++
		events <- w
	}
	fmt.Println(counts)
	os.Exit(*status)
}

// The run-time half of schedule perturbation (docs/perturb.md).  With
// `stepdist-prep -perturb`, every user file of the package gets a call
// stepdist_perturb(ID) before each chosen concurrency operation (channel
// send and receive, select, close, Lock/Unlock/RLock/RUnlock, WaitGroup
// Wait/Done, Cond Wait/Signal/Broadcast, go statements), and stepdist-prep
// adds this file, under the package's own clause, to each package whose
// files it instrumented, followed by the number of sites:
//
//	const stepdist_perturbNSites = N
//
// What a call does is decided by STEPDIST_PERTURB=STRATEGY:SEED, read once
// at package initialisation (before the harness unsets the STEPDIST_*
// variables); unset or empty, every call returns at once.
//
//   - yield: at half of the sites (chosen per run by the seed), each visit
//     yields the processor (runtime.Gosched) once or three times, or not
//     at all;
//   - sleep: at half of the sites, a quarter of the visits sleep
//     20 us << k (k = 0..5, up to 640 us);
//   - targeted: at the sites listed in STEPDIST_PERTURB_SITES (ids,
//     comma-separated: those on the lines where the plain runs diverge)
//     every run, a quarter of the visits yield once, a quarter three
//     times, a quarter sleep 20 us << k; the other sites as yield.
//
// The decision at the n-th visit of site ID is a hash of (SEED, ID, n):
// the same seed makes the same decisions at the same visits, whatever the
// other sites did, so a run replays from its seed as far as the visits
// come in the same order.  STEPDIST_PERTURB_LOG=PATH appends one line per
// visit, "ID n ACTION", ACTION being none, yield:K or sleep:MICROSECONDS.
//
// Every name is stepdist_perturb*: trace readers recognise the yields and
// sleeps of these functions (their GoSched and sleep blocks) and drop
// them from the canonical events, so perturbed runs stay comparable with
// plain ones.  Go 1.13 language only, as harness.go.
package rt

import (
	stepdistpkg_fmt "fmt"
	stepdistpkg_os "os"
	stepdistpkg_runtime "runtime"
	stepdistpkg_strconv "strconv"
	stepdistpkg_strings "strings"
	stepdistpkg_atomic "sync/atomic"
	stepdistpkg_time "time"
)

const (
	stepdist_perturbOff = iota
	stepdist_perturbYield
	stepdist_perturbSleep
	stepdist_perturbTargeted
)

// Written only by stepdist_perturbInit, before main runs.
var stepdist_perturbState struct {
	mode   int
	seed   uint64
	visits [stepdist_perturbNSites]uint32 // atomic
	target [stepdist_perturbNSites]bool   // targeted: the sites to perturb
	log    *stepdistpkg_os.File
}

func init() { stepdist_perturbInit() }

func stepdist_perturbInit() {
	v := stepdistpkg_os.Getenv("STEPDIST_PERTURB")
	if v == "" {
		return
	}
	i := stepdistpkg_strings.IndexByte(v, ':')
	var seed uint64
	var err error
	if i >= 0 {
		seed, err = stepdistpkg_strconv.ParseUint(v[i+1:], 10, 64)
	}
	mode := stepdist_perturbOff
	if i >= 0 {
		switch v[:i] {
		case "yield":
			mode = stepdist_perturbYield
		case "sleep":
			mode = stepdist_perturbSleep
		case "targeted":
			mode = stepdist_perturbTargeted
		}
	}
	if i < 0 || err != nil || mode == stepdist_perturbOff {
		stepdistpkg_fmt.Fprintf(stepdistpkg_os.Stderr,
			"stepdist harness: STEPDIST_PERTURB=%q: want yield:SEED, sleep:SEED or targeted:SEED (SEED a number)\n", v)
		stepdistpkg_os.Exit(96)
	}
	if p := stepdistpkg_os.Getenv("STEPDIST_PERTURB_LOG"); p != "" {
		f, err := stepdistpkg_os.OpenFile(p, stepdistpkg_os.O_WRONLY|stepdistpkg_os.O_APPEND|stepdistpkg_os.O_CREATE, 0644)
		if err != nil {
			stepdistpkg_fmt.Fprintf(stepdistpkg_os.Stderr, "stepdist harness: STEPDIST_PERTURB_LOG: %v\n", err)
			stepdistpkg_os.Exit(96)
		}
		stepdist_perturbState.log = f
	}
	if mode == stepdist_perturbTargeted {
		for _, f := range stepdistpkg_strings.Split(stepdistpkg_os.Getenv("STEPDIST_PERTURB_SITES"), ",") {
			id, err := stepdistpkg_strconv.Atoi(f)
			if err == nil && id >= 0 && id < len(stepdist_perturbState.target) {
				stepdist_perturbState.target[id] = true
			}
		}
	}
	stepdist_perturbState.seed = seed
	stepdist_perturbState.mode = mode
}

// stepdist_perturbMix is splitmix64's finaliser: a good 64-bit hash.
func stepdist_perturbMix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// stepdist_perturb is called before the concurrency operation at site id.
func stepdist_perturb(id int) {
	st := &stepdist_perturbState
	if st.mode == stepdist_perturbOff || id < 0 || id >= len(st.visits) {
		return
	}
	n := stepdistpkg_atomic.AddUint32(&st.visits[id], 1) - 1
	site := stepdist_perturbMix(st.seed ^ stepdist_perturbMix(uint64(id)))
	h := stepdist_perturbMix(site ^ uint64(n)<<20)
	yields, sleep := 0, stepdistpkg_time.Duration(0)
	if st.mode == stepdist_perturbTargeted && st.target[id] {
		switch h & 3 {
		case 1:
			yields = 1
		case 2:
			yields = 3
		case 3:
			sleep = (20 * stepdistpkg_time.Microsecond) << ((h >> 2) % 6)
		}
	} else if site&1 == 1 { // the site is active in this run
		switch st.mode {
		case stepdist_perturbYield, stepdist_perturbTargeted: /* targeted: elsewhere as yield */
			switch h & 3 {
			case 2:
				yields = 1
			case 3:
				yields = 3
			}
		case stepdist_perturbSleep:
			if h&3 == 3 {
				sleep = (20 * stepdistpkg_time.Microsecond) << ((h >> 2) % 6)
			}
		}
	}
	if st.log != nil {
		stepdist_perturbLog(id, n, yields, sleep)
	}
	for i := 0; i < yields; i++ {
		stepdistpkg_runtime.Gosched()
	}
	if sleep > 0 {
		stepdistpkg_time.Sleep(sleep)
	}
}

func stepdist_perturbLog(id int, n uint32, yields int, sleep stepdistpkg_time.Duration) {
	action := "none"
	if yields > 0 {
		action = "yield:" + stepdistpkg_strconv.Itoa(yields)
	} else if sleep > 0 {
		action = "sleep:" + stepdistpkg_strconv.FormatInt(int64(sleep/stepdistpkg_time.Microsecond), 10)
	}
	// one write per line: O_APPEND keeps concurrent lines whole
	line := stepdistpkg_strconv.Itoa(id) + " " + stepdistpkg_strconv.FormatUint(uint64(n), 10) + " " + action + "\n"
	stepdist_perturbWrite(line)
}

func stepdist_perturbWrite(line string) {
	stepdist_perturbState.log.Write([]byte(line))
}

// Command tracecmp compares two textual dumps of a Go execution trace in the
// format printed by `go tool trace -d=1 FILE` (one Event.String() per event,
// see $GOROOT/src/internal/trace/event.go and cmd/trace/main.go), and decides
// whether they describe the same event stream.
//
// Usage:
//
//	tracecmp WANT.txt GOT.txt
//
// Exit status: 0 if equivalent, 1 if not (with a short description of the
// first differences on stdout), 2 on usage or I/O error.
//
// # Why a plain diff is not enough
//
// Go's trace reader (internal/trace.Reader, reader.go) merges the per-thread
// (per-M) event batches of a generation with a min-heap keyed on timestamp.
// The heap is seeded by iterating over a map (r.gen.batches, keyed by M), and
// when the head of the heap cannot advance the frontier is re-sorted with the
// unstable slices.SortFunc. So whenever the next events of two different Ms
// carry the SAME timestamp (which is common: on most platforms the runtime's
// trace clock has a 64ns granularity, see traceTimeDiv), their relative order
// in the output is not determined by the trace file. The reader then forces
// timestamps to be strictly increasing (`if t <= last { t = last + 1 }`), so
// a different order of tied events also changes the printed Time= of those
// events (and of a run of events that follow them closely) by a few ns.
//
// Everything else is determined by the file: the ordering state machine
// (order.go) only lets an event through once it is consistent with the state
// of the goroutine/proc/thread it concerns (goroutine and proc transitions
// carry sequence numbers; all events of one M come from that M's batches in
// order), and all events of one generation are emitted before the Sync event
// that closes it.
//
// # Normalisation
//
// Each file is split into records: an event line (starting with "M=") plus
// every following non-event line (the "Stack=" / "TransitionStack=" headers,
// the tab-indented frame lines, and the blank line Event.String leaves after
// a stack). A record's key is its exact text, byte for byte, with the value
// of the leading Time= field removed. Records are grouped into segments
// (= generations): each segment ends with (and includes) a Sync record; a
// trailing segment without Sync is allowed (output cut short by an error).
// For every pair of corresponding segments, tracecmp requires:
//
//  1. the multiset of keys is equal (nothing dropped, added or altered);
//  2. for every resource, the ordered sequence of keys of the records that
//     concern it is equal. A record concerns
//     - thread m:    its M=m context;
//     - proc p:      its P=p context, a StateTransition on Resource=Proc(p),
//     or a range Scope=Proc(p);
//     - goroutine g: its G=g context, a StateTransition on
//     Resource=Goroutine(g), a Label on Resource=Goroutine(g), or a range
//     Scope=Goroutine(g).
//     Because segments end at Syncs, the position of every Sync relative to
//     every resource's events is checked too;
//  3. timestamps: the sorted list of Time values of the segment is equal, and
//     every record's Time (records are paired through their position in a
//     resource sequence) differs by at most maxTimeSkew ns between the two
//     files. See timeCheck for why the sorted list is compared and not each
//     record's exact value.
//
// In addition, Time values must be strictly increasing in file order (the Go
// reader guarantees it), and the preamble (any lines before the first event
// line) must be identical.
//
// # Validation
//
// No per-resource order or sorted Time list was ever found to differ between
// runs of `go tool trace -d=1` on one file: ~300 traces of tests/goprogs
// (GOMAXPROCS 1, 2, 3, 4, with and without short generations) dumped 6 to 26
// times each, and the Go 1.22 golden traces of
// $GOROOT/src/internal/trace/testdata/tests dumped 25 times each. The golden
// traces have many equal timestamps: e.g. go122-gc-stress differed textually
// in 25 of 25 dumps and syscall-steal-proc-gen-boundary-reacquire-new-proc-
// bare-m in 21 of 25; all were accepted. So no relaxation beyond the one
// described above was needed.
//
// # Outputs of failed reads
//
// When the reader fails, `go tool trace -d=1` prints the events it got before
// the error and exits non-zero; tracecmp compares such outputs like any other
// (only stdout). Be aware that for an inconsistent trace the printed prefix
// itself can depend on the order of tied events, beyond what is tolerated
// here: e.g. in Go's fuzz corpus entry FuzzReader/4d9ddc909984e871 two
// threads both report proc 48 as running at the same timestamp, and whichever
// is taken first becomes the M= of the "Undetermined->Running" event. For
// failed reads, compare the verdicts first and treat the event prefix as
// secondary evidence.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprintln(stderr, "usage: tracecmp WANT.txt GOT.txt")
		fmt.Fprintln(stderr, "compares two `go tool trace -d=1` style outputs; exit 0 if equivalent, 1 if not, 2 on error")
		return 2
	}
	want, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintln(stderr, "tracecmp:", err)
		return 2
	}
	got, err := os.ReadFile(args[1])
	if err != nil {
		fmt.Fprintln(stderr, "tracecmp:", err)
		return 2
	}
	diffs := Compare(want, got)
	if len(diffs) == 0 {
		return 0
	}
	fmt.Fprintf(stdout, "tracecmp: %s and %s differ:\n", args[0], args[1])
	for _, d := range diffs {
		fmt.Fprintln(stdout, d)
	}
	return 1
}

// maxTimeSkew bounds how far (in ns) the Time of one event may move between
// two equivalent outputs. The reader only changes a timestamp by bumping it to
// last+1, so the shift of an event is bounded by the number of events that
// precede it in a run of (nearly) equal timestamps. Any reordering or
// corruption of real timestamps (which are in ns of a monotonic clock, with a
// 64ns granularity on most platforms) moves a Time by much more than this,
// or breaks the sorted-list check.
const maxTimeSkew = 1000

// Reporting limits.
const (
	maxMultisetReports = 4
	maxResourceReports = 4
	maxLineLen         = 240
)

// resource identifies a goroutine, proc or thread.
type resource struct {
	kind byte // 'G', 'P' or 'M' (0: none); reported in that order
	id   int64
}

func (r resource) String() string {
	switch r.kind {
	case 'G':
		return fmt.Sprintf("goroutine %d", r.id)
	case 'P':
		return fmt.Sprintf("proc %d", r.id)
	case 'M':
		return fmt.Sprintf("thread M=%d", r.id)
	}
	return "events of no goroutine/proc/thread"
}

var kindRank = map[byte]int{'G': 0, 'P': 1, 'M': 2, 0: 3}

func (r resource) less(o resource) bool {
	if r.kind != o.kind {
		return kindRank[r.kind] < kindRank[o.kind]
	}
	return r.id < o.id
}

// record is one event of the output, with its continuation lines.
type record struct {
	line    int    // 1-based line number of the event line
	nlines  int    // number of lines in the record
	text    string // exact text, including trailing newlines
	key     string // text with the Time value removed
	time    int64
	hasTime bool
	sync    bool
	res     []resource // resources this record concerns, deduplicated
}

// header returns the event line of r, including its newline (if present).
func (r *record) header() string {
	if i := strings.IndexByte(r.text, '\n'); i >= 0 {
		return r.text[:i+1]
	}
	return r.text
}

type parsed struct {
	preamble []string // lines before the first event line
	records  []*record
	segments [][]*record
}

// headerRE matches the fixed prefix printed by Event.String.
var headerRE = regexp.MustCompile(`^M=(-?[0-9]+) P=(-?[0-9]+) G=(-?[0-9]+) ([A-Za-z]+) Time=(-?[0-9]+)`)

// resRE matches a printed ResourceID (Goroutine(5), Proc(2), Thread(7), None).
var resRE = regexp.MustCompile(`^(Goroutine|Proc|Thread)\((-?[0-9]+)\)`)

func parse(data []byte) *parsed {
	p := &parsed{}
	lines := strings.SplitAfter(string(data), "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	var cur *record
	var rest strings.Builder // continuation lines of cur
	flush := func() {
		if cur == nil {
			return
		}
		cur.text += rest.String()
		cur.key += rest.String()
		rest.Reset()
		p.records = append(p.records, cur)
		cur = nil
	}
	for i, l := range lines {
		if strings.HasPrefix(l, "M=") {
			flush()
			cur = parseHeader(l, i+1)
			continue
		}
		if cur == nil {
			p.preamble = append(p.preamble, l)
			continue
		}
		cur.nlines++
		rest.WriteString(l)
	}
	flush()

	var seg []*record
	for _, r := range p.records {
		seg = append(seg, r)
		if r.sync {
			p.segments = append(p.segments, seg)
			seg = nil
		}
	}
	if len(seg) > 0 {
		p.segments = append(p.segments, seg)
	}
	return p
}

func parseHeader(l string, lineno int) *record {
	r := &record{line: lineno, nlines: 1, text: l, key: l}
	m := headerRE.FindStringSubmatchIndex(l)
	if m == nil {
		// Not something Event.String prints; compare it verbatim.
		return r
	}
	num := func(i int) int64 {
		v, err := strconv.ParseInt(l[m[2*i]:m[2*i+1]], 10, 64)
		if err != nil {
			return -1 << 63
		}
		return v
	}
	r.time, r.hasTime = num(5), true
	r.key = l[:m[10]] + l[m[11]:] // drop the Time digits, keep "Time="
	kind := l[m[8]:m[9]]
	r.sync = kind == "Sync"
	add := func(k byte, id int64) {
		for _, x := range r.res {
			if x.kind == k && x.id == id {
				return
			}
		}
		r.res = append(r.res, resource{k, id})
	}
	if g := num(3); g != -1 {
		add('G', g)
	}
	if pp := num(2); pp != -1 {
		add('P', pp)
	}
	if mm := num(1); mm != -1 {
		add('M', mm)
	}
	rest := strings.TrimSuffix(l[m[1]:], "\n")
	var field string // the field of rest that names a resource
	switch kind {
	case "StateTransition":
		field = "Resource="
	case "Label":
		field = "Resource="
		rest = skipQuoted(rest, " Label=")
	case "RangeBegin", "RangeActive", "RangeEnd":
		field = "Scope="
		rest = skipQuoted(rest, " Name=")
	}
	if field != "" && strings.HasPrefix(rest, " "+field) {
		if sm := resRE.FindStringSubmatch(rest[len(field)+1:]); sm != nil {
			id, err := strconv.ParseInt(sm[2], 10, 64)
			if err == nil {
				switch sm[1] {
				case "Goroutine":
					add('G', id)
				case "Proc":
					add('P', id)
				case "Thread":
					add('M', id)
				}
			}
		}
	}
	return r
}

// skipQuoted strips prefix followed by a Go-quoted string from s; it returns
// "" if s does not have that shape.
func skipQuoted(s, prefix string) string {
	if !strings.HasPrefix(s, prefix) {
		return ""
	}
	s = s[len(prefix):]
	q, err := strconv.QuotedPrefix(s)
	if err != nil {
		return ""
	}
	return s[len(q):]
}

// Compare returns a description of the differences between two outputs, or
// nil if they are equivalent.
func Compare(wantData, gotData []byte) []string {
	want, got := parse(wantData), parse(gotData)
	var out []string
	if !equalStrings(want.preamble, got.preamble) {
		out = append(out, "preamble (lines before the first event) differs:")
		for i := 0; i < len(want.preamble) || i < len(got.preamble); i++ {
			w, g := at(want.preamble, i), at(got.preamble, i)
			if w != g {
				out = append(out, fmt.Sprintf("  line %d: want %s", i+1, show(w)), fmt.Sprintf("  line %d: got  %s", i+1, show(g)))
				break
			}
		}
	}
	if len(want.records) != len(got.records) || len(want.segments) != len(got.segments) {
		out = append(out, fmt.Sprintf("want has %d events in %d generation(s), got has %d events in %d generation(s)",
			len(want.records), countSyncs(want), len(got.records), countSyncs(got)))
	}
	for _, f := range []struct {
		name string
		p    *parsed
	}{{"WANT", want}, {"GOT", got}} {
		if d := checkIncreasing(f.name, f.p); d != "" {
			out = append(out, d)
		}
	}
	n := len(want.segments)
	if len(got.segments) > n {
		n = len(got.segments)
	}
	for i := 0; i < n; i++ {
		var ws, gs []*record
		if i < len(want.segments) {
			ws = want.segments[i]
		}
		if i < len(got.segments) {
			gs = got.segments[i]
		}
		if d := compareSegment(ws, gs); len(d) > 0 {
			out = append(out, fmt.Sprintf("in generation %d (%s; %s):", i+1, span("want", ws), span("got", gs)))
			for _, s := range d {
				out = append(out, "  "+s)
			}
			// Later segments are usually wrong for the same reason; the
			// first difference is what matters.
			break
		}
	}
	return out
}

// checkIncreasing reports the first event whose Time is not above the Time of
// the previous event: Go's reader makes them strictly increasing.
func checkIncreasing(name string, p *parsed) string {
	var prev *record
	for _, r := range p.records {
		if !r.hasTime {
			continue
		}
		if prev != nil && r.time <= prev.time {
			return fmt.Sprintf("%s: Time values are not strictly increasing at line %d (Time=%d after Time=%d at line %d)",
				name, r.line, r.time, prev.time, prev.line)
		}
		prev = r
	}
	return ""
}

func countSyncs(p *parsed) int {
	n := 0
	for _, r := range p.records {
		if r.sync {
			n++
		}
	}
	return n
}

func span(name string, seg []*record) string {
	if len(seg) == 0 {
		return name + ": no events"
	}
	last := seg[len(seg)-1]
	end := "no closing Sync"
	if last.sync {
		end = "ends with Sync"
	}
	return fmt.Sprintf("%s lines %d-%d, %d events, %s", name, seg[0].line, last.line+last.nlines-1, len(seg), end)
}

func compareSegment(ws, gs []*record) []string {
	var out []string

	// 1. Multiset of keys.
	wc, gc := map[string]int{}, map[string]int{}
	for _, r := range ws {
		wc[r.key]++
	}
	for _, r := range gs {
		gc[r.key]++
	}
	onlyW, onlyG := excess(ws, gs, wc, gc), excess(gs, ws, gc, wc)
	if len(onlyW)+len(onlyG) > 0 {
		out = append(out, fmt.Sprintf("%d event(s) only in WANT, %d only in GOT (ignoring Time):", countExcess(wc, gc), countExcess(gc, wc)))
		for i, r := range onlyW {
			if i == maxMultisetReports {
				out = append(out, "  ...")
				break
			}
			out = append(out, fmt.Sprintf("  only in WANT (line %d): %s", r.line, show(r.header())))
		}
		for i, r := range onlyG {
			if i == maxMultisetReports {
				out = append(out, "  ...")
				break
			}
			out = append(out, fmt.Sprintf("  only in GOT  (line %d): %s", r.line, show(r.header())))
		}
	}

	// 2. Per-resource sequences. The first mismatch of each resource is
	// found; resources whose first mismatch is the same pair of records are
	// reported together.
	wseq, gseq := sequences(ws), sequences(gs)
	type mismatch struct {
		w, g  *record // first differing records (nil: sequence ended)
		where []string
	}
	var mms []*mismatch
	byPair := map[[2]*record]*mismatch{}
	for _, res := range resourceUnion(wseq, gseq) {
		a, b := wseq[res], gseq[res]
		i := 0
		for i < len(a) && i < len(b) && a[i].key == b[i].key {
			i++
		}
		if i == len(a) && i == len(b) {
			continue
		}
		var w, g *record
		if i < len(a) {
			w = a[i]
		}
		if i < len(b) {
			g = b[i]
		}
		mm := byPair[[2]*record{w, g}]
		if mm == nil {
			mm = &mismatch{w: w, g: g}
			byPair[[2]*record{w, g}] = mm
			mms = append(mms, mm)
		}
		mm.where = append(mm.where, fmt.Sprintf("%s event #%d (of %d in WANT, %d in GOT)", res, i+1, len(a), len(b)))
	}
	line := func(m *mismatch) int {
		if m.w != nil {
			return m.w.line
		}
		return m.g.line
	}
	sort.SliceStable(mms, func(i, j int) bool { return line(mms[i]) < line(mms[j]) })
	for i, m := range mms {
		if i == maxResourceReports {
			out = append(out, fmt.Sprintf("... and %d more difference(s) in per-resource order", len(mms)-i))
			break
		}
		out = append(out, strings.Join(m.where, ", ")+":")
		if m.w != nil {
			out = append(out, fmt.Sprintf("  want (line %d): %s", m.w.line, show(m.w.header())))
		} else {
			out = append(out, "  want: no more events")
		}
		if m.g != nil {
			out = append(out, fmt.Sprintf("  got  (line %d): %s", m.g.line, show(m.g.header())))
		} else {
			out = append(out, "  got:  no more events")
		}
		if m.w != nil && m.g != nil && stripTime(m.w.header()) == stripTime(m.g.header()) {
			out = append(out, "  "+firstLineDiff(m.w, m.g))
		}
	}
	if len(out) > 0 {
		return out
	}

	// 3. Timestamps (only meaningful once the events are known to match).
	return timeCheck(ws, gs, wseq, gseq)
}

// timeCheck compares the Time values of two segments whose events are
// already known to be equal and in the same per-resource order.
//
// Two runs of the Go reader on one file can print different Time values for
// the same event: events of different Ms with equal timestamps are emitted in
// an arbitrary order, and a timestamp that is not above the previous one is
// bumped to previous+1. So per-event exact equality is too strict. Instead:
//
//   - the sorted list of all Time values of the segment must be equal. This
//     held in every repeated run we tried; it holds when the runs of bumped
//     events are the same (events with tied timestamps are exchanged, which
//     does not change the sequence of printed values);
//   - each event's Time may differ by at most maxTimeSkew between the files
//     (events are paired through their position in a resource sequence).
func timeCheck(ws, gs []*record, wseq, gseq map[resource][]*record) []string {
	var out []string
	wt, gt := timed(ws), timed(gs)
	if len(wt) != len(gt) {
		return []string{fmt.Sprintf("WANT has %d timestamps, GOT has %d", len(wt), len(gt))}
	}
	for i := range wt {
		if wt[i].time != gt[i].time {
			out = append(out, fmt.Sprintf("sorted Time values differ at position %d of %d: want %d (line %d), got %d (line %d)",
				i+1, len(wt), wt[i].time, wt[i].line, gt[i].time, gt[i].line))
			break
		}
	}
	// Pair events through the first resource sequence they belong to (records
	// that belong to no resource are paired in file order).
	var pairs [][2]*record
	seen := map[*record]bool{}
	for _, res := range resourceUnion(wseq, gseq) {
		a, b := wseq[res], gseq[res]
		for i := range a {
			if i < len(b) && !seen[a[i]] {
				seen[a[i]] = true
				pairs = append(pairs, [2]*record{a[i], b[i]})
			}
		}
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0].line < pairs[j][0].line })
	for _, p := range pairs {
		if !p[0].hasTime || !p[1].hasTime {
			continue
		}
		d := p[1].time - p[0].time
		if d > maxTimeSkew || d < -maxTimeSkew {
			out = append(out, fmt.Sprintf("Time of an event differs by %d ns (more than %d):", d, maxTimeSkew),
				fmt.Sprintf("  want (line %d): %s", p[0].line, show(p[0].header())),
				fmt.Sprintf("  got  (line %d): %s", p[1].line, show(p[1].header())))
			break
		}
	}
	return out
}

// timed returns the records of seg that have a Time, sorted by Time.
func timed(seg []*record) []*record {
	var t []*record
	for _, r := range seg {
		if r.hasTime {
			t = append(t, r)
		}
	}
	sort.SliceStable(t, func(i, j int) bool { return t[i].time < t[j].time })
	return t
}

// sequences returns, for each resource, the records of seg that concern it,
// in order. Sync records are part of the segment structure (they close it)
// and records that concern no resource are collected under resource{}.
func sequences(seg []*record) map[resource][]*record {
	m := map[resource][]*record{}
	for _, r := range seg {
		if len(r.res) == 0 {
			m[resource{}] = append(m[resource{}], r)
		}
		for _, res := range r.res {
			m[res] = append(m[res], r)
		}
	}
	return m
}

func resourceUnion(a, b map[resource][]*record) []resource {
	set := map[resource]bool{}
	for r := range a {
		set[r] = true
	}
	for r := range b {
		set[r] = true
	}
	var rs []resource
	for r := range set {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].less(rs[j]) })
	return rs
}

// excess returns the records of seg whose key occurs more often in seg than
// in oseg (the other file's segment). To point at the right occurrences, the
// occurrences of a key are first matched by equal Time; the surplus is taken
// from the unmatched ones (the last of them, in file order).
func excess(seg, oseg []*record, mine, other map[string]int) []*record {
	surplus := map[string]int{}
	for k, n := range mine {
		if d := n - other[k]; d > 0 {
			surplus[k] = d
		}
	}
	if len(surplus) == 0 {
		return nil
	}
	otimes := map[string]map[int64]int{}
	for _, r := range oseg {
		if surplus[r.key] > 0 && r.hasTime {
			if otimes[r.key] == nil {
				otimes[r.key] = map[int64]int{}
			}
			otimes[r.key][r.time]++
		}
	}
	var unmatched []*record
	for _, r := range seg {
		if surplus[r.key] == 0 {
			continue
		}
		if ot := otimes[r.key]; r.hasTime && ot[r.time] > 0 {
			ot[r.time]--
			continue
		}
		unmatched = append(unmatched, r)
	}
	var out []*record
	for i := len(unmatched) - 1; i >= 0; i-- {
		if k := unmatched[i].key; surplus[k] > 0 {
			surplus[k]--
			out = append(out, unmatched[i])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].line < out[j].line })
	return out
}

func countExcess(mine, other map[string]int) int {
	n := 0
	for k, c := range mine {
		if d := c - other[k]; d > 0 {
			n += d
		}
	}
	return n
}

func stripTime(h string) string {
	if m := headerRE.FindStringSubmatchIndex(h); m != nil {
		return h[:m[10]] + h[m[11]:]
	}
	return h
}

// firstLineDiff describes the first line that differs between two records
// whose event lines are equal up to Time.
func firstLineDiff(a, b *record) string {
	al := strings.SplitAfter(a.text, "\n")
	bl := strings.SplitAfter(b.text, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		x, y := at(al, i), at(bl, i)
		if i == 0 {
			x, y = stripTime(x), stripTime(y)
		}
		if x != y {
			return fmt.Sprintf("first difference in line %d of the event (want line %d, got line %d): want %s, got %s",
				i+1, a.line+i, b.line+i, show(x), show(y))
		}
	}
	return "records differ"
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// show renders a line (with its newline, if any) for a report: quoted if it
// has unusual bytes or lacks its newline, truncated if long. An absent line
// shows as <none>.
func show(s string) string {
	if s == "" {
		return "<none>"
	}
	if s == "\n" {
		return "<blank line>"
	}
	t, nl := strings.CutSuffix(s, "\n")
	if len(t) > maxLineLen {
		t = t[:maxLineLen] + "..."
	}
	if !nl || strings.ContainsAny(t, "\t\r\n") || !isPrint(t) {
		q := strconv.Quote(t)
		if !nl {
			q += " (no newline)"
		}
		return q
	}
	return t
}

func isPrint(s string) bool {
	return bytes.IndexFunc([]byte(s), func(r rune) bool { return !strconv.IsPrint(r) }) < 0
}

/*
 * txt2trace: convert Go's raw *text* execution-trace format into the binary
 * trace format, byte for byte as Go's internal/trace/raw.TextReader followed
 * by raw.Writer would (that is what Go's own golden tests do with the
 * `-- trace --` section of the .test files in internal/trace/testdata/tests).
 *
 * Standalone test tool: depends on nothing but the C standard library.
 *
 * Usage:
 *   txt2trace [--txtar] IN OUT   text trace (or the "trace" section of a
 *                                txtar .test file) -> binary trace
 *   txt2trace --fuzz IN OUT      "go test fuzz v1" corpus file holding one
 *                                []byte("...") value -> the raw bytes
 *   txt2trace --expect IN        print the first line of the "expect"
 *                                section of a txtar .test file
 * OUT may be "-" for standard output.
 *
 * Errors go to stderr as "txt2trace: FILE:LINE: message"; exit status 2.
 *
 * Fidelity notes (mirroring Go 1.22/1.23 sources):
 *  - lines are split like bufio.ScanLines (a trailing '\r' is dropped, a line
 *    longer than 65535 bytes is an error, like bufio.ErrTooLong);
 *  - tokens are separated by unicode.IsSpace runes; a line whose first
 *    non-space rune is '#' (or that is blank) is skipped wherever a line is
 *    read, including stack-frame and data lines; a '#' elsewhere ends a token
 *    and is then an error ("unexpected non-space"), exactly like readToken;
 *  - argument values are strconv.ParseUint(v, 10, 64);
 *  - data= strings are decoded like strconv.Unquote (double-quoted, raw
 *    back-quoted and single-quoted forms; invalid UTF-8 inside a quoted
 *    string with escapes becomes U+FFFD like Go does);
 *  - the header "Trace Go1.N" accepts the versions Go knows (11, 19, 21, 22,
 *    23); only 22 and 23 have an event table, so for the others any event
 *    is an "unidentified event" (and a header-only file is converted).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Event specs: internal/trace/event/go122/event.go (Go 1.22 and 1.23).      */

#define MAX_ARGS 5
#define NUM_SPECS 137 /* EvGoroutineStackFree (136) + 1 */

typedef struct {
	const char *name;
	const char *args[MAX_ARGS + 1]; /* NULL-terminated */
	bool is_stack;
	bool has_data;
} Spec;

#define A(...) { __VA_ARGS__, NULL }
static const Spec specs[NUM_SPECS] = {
	[1] = { "EventBatch", A("gen", "m", "time", "size"), false, false },
	[2] = { "Stacks", { NULL }, false, false },
	[3] = { "Stack", A("id", "nframes"), true, false },
	[4] = { "Strings", { NULL }, false, false },
	[5] = { "String", A("id"), false, true },
	[6] = { "CPUSamples", { NULL }, false, false },
	[7] = { "CPUSample", A("time", "m", "p", "g", "stack"), false, false },
	[8] = { "Frequency", A("freq"), false, false },
	[9] = { "ProcsChange", A("dt", "procs_value", "stack"), false, false },
	[10] = { "ProcStart", A("dt", "p", "p_seq"), false, false },
	[11] = { "ProcStop", A("dt"), false, false },
	[12] = { "ProcSteal", A("dt", "p", "p_seq", "m"), false, false },
	[13] = { "ProcStatus", A("dt", "p", "pstatus"), false, false },
	[14] = { "GoCreate", A("dt", "new_g", "new_stack", "stack"), false, false },
	[15] = { "GoCreateSyscall", A("dt", "new_g"), false, false },
	[16] = { "GoStart", A("dt", "g", "g_seq"), false, false },
	[17] = { "GoDestroy", A("dt"), false, false },
	[18] = { "GoDestroySyscall", A("dt"), false, false },
	[19] = { "GoStop", A("dt", "reason_string", "stack"), false, false },
	[20] = { "GoBlock", A("dt", "reason_string", "stack"), false, false },
	[21] = { "GoUnblock", A("dt", "g", "g_seq", "stack"), false, false },
	[22] = { "GoSyscallBegin", A("dt", "p_seq", "stack"), false, false },
	[23] = { "GoSyscallEnd", A("dt"), false, false },
	[24] = { "GoSyscallEndBlocked", A("dt"), false, false },
	[25] = { "GoStatus", A("dt", "g", "m", "gstatus"), false, false },
	[26] = { "STWBegin", A("dt", "kind_string", "stack"), false, false },
	[27] = { "STWEnd", A("dt"), false, false },
	[28] = { "GCActive", A("dt", "gc_seq"), false, false },
	[29] = { "GCBegin", A("dt", "gc_seq", "stack"), false, false },
	[30] = { "GCEnd", A("dt", "gc_seq"), false, false },
	[31] = { "GCSweepActive", A("dt", "p"), false, false },
	[32] = { "GCSweepBegin", A("dt", "stack"), false, false },
	[33] = { "GCSweepEnd", A("dt", "swept_value", "reclaimed_value"), false, false },
	[34] = { "GCMarkAssistActive", A("dt", "g"), false, false },
	[35] = { "GCMarkAssistBegin", A("dt", "stack"), false, false },
	[36] = { "GCMarkAssistEnd", A("dt"), false, false },
	[37] = { "HeapAlloc", A("dt", "heapalloc_value"), false, false },
	[38] = { "HeapGoal", A("dt", "heapgoal_value"), false, false },
	[39] = { "GoLabel", A("dt", "label_string"), false, false },
	[40] = { "UserTaskBegin", A("dt", "task", "parent_task", "name_string", "stack"), false, false },
	[41] = { "UserTaskEnd", A("dt", "task", "stack"), false, false },
	[42] = { "UserRegionBegin", A("dt", "task", "name_string", "stack"), false, false },
	[43] = { "UserRegionEnd", A("dt", "task", "name_string", "stack"), false, false },
	[44] = { "UserLog", A("dt", "task", "key_string", "value_string", "stack"), false, false },
	[45] = { "GoSwitch", A("dt", "g", "g_seq"), false, false },
	[46] = { "GoSwitchDestroy", A("dt", "g", "g_seq"), false, false },
	[47] = { "GoCreateBlocked", A("dt", "new_g", "new_stack", "stack"), false, false },
	[48] = { "GoStatusStack", A("dt", "g", "m", "gstatus", "stack"), false, false },
	[49] = { "ExperimentalBatch", A("exp", "gen", "m", "time"), false, true },
	/* Experimental events (AllocFree experiment): `_ = 127 + iota`, so
	 * EvSpan is 128 ... EvGoroutineStackFree is 136. */
	[128] = { "Span", A("dt", "id", "npages_value", "kindclass"), false, false },
	[129] = { "SpanAlloc", A("dt", "id", "npages_value", "kindclass"), false, false },
	[130] = { "SpanFree", A("dt", "id"), false, false },
	[131] = { "HeapObject", A("dt", "id", "type"), false, false },
	[132] = { "HeapObjectAlloc", A("dt", "id", "type"), false, false },
	[133] = { "HeapObjectFree", A("dt", "id"), false, false },
	[134] = { "GoroutineStack", A("dt", "id", "order"), false, false },
	[135] = { "GoroutineStackAlloc", A("dt", "id", "order"), false, false },
	[136] = { "GoroutineStackFree", A("dt", "id"), false, false },
};
#undef A

static const char *const frame_fields[] = { "pc", "func", "file", "line", NULL };

/* Versions Go's version.Valid() accepts; only 22 and 23 have specs. */
static bool version_valid(uint32_t v)
{
	return v == 11 || v == 19 || v == 21 || v == 22 || v == 23;
}

static bool version_has_specs(uint32_t v)
{
	return v == 22 || v == 23;
}

/* ------------------------------------------------------------------------ */
/* Errors.                                                                   */

static const char *g_path = "?";
static const char *g_out_path = NULL; /* removed on error if set */

static void die(long line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

static void die(long line, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	if (line > 0)
		fprintf(stderr, "txt2trace: %s:%ld: ", g_path, line);
	else
		fprintf(stderr, "txt2trace: %s: ", g_path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (g_out_path != NULL && strcmp(g_out_path, "-") != 0)
		remove(g_out_path);
	exit(2);
}

/* ------------------------------------------------------------------------ */
/* Growable byte buffer.                                                     */

typedef struct {
	unsigned char *p;
	size_t len, cap;
} Buf;

static void buf_reserve(Buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len)
		die(0, "out of memory");
	if (b->len + extra <= b->cap)
		return;
	size_t ncap = b->cap ? b->cap : 256;
	while (ncap < b->len + extra) {
		if (ncap > SIZE_MAX / 2)
			die(0, "out of memory");
		ncap *= 2;
	}
	unsigned char *np = realloc(b->p, ncap);
	if (np == NULL)
		die(0, "out of memory");
	b->p = np;
	b->cap = ncap;
}

static void buf_put(Buf *b, const void *src, size_t n)
{
	if (n == 0)
		return;
	buf_reserve(b, n);
	memcpy(b->p + b->len, src, n);
	b->len += n;
}

static void buf_byte(Buf *b, unsigned char c)
{
	buf_put(b, &c, 1);
}

static void buf_uvarint(Buf *b, uint64_t v)
{
	unsigned char tmp[10];
	size_t n = 0;
	while (v >= 0x80) {
		tmp[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	tmp[n++] = (unsigned char)v;
	buf_put(b, tmp, n);
}

/* ------------------------------------------------------------------------ */
/* UTF-8 (Go's unicode/utf8 semantics).                                      */

#define RUNE_ERROR 0xFFFDu

/* Decodes one rune like utf8.DecodeRune: invalid -> (RUNE_ERROR, 1).
 * n must be >= 1. Returns the width. */
static size_t decode_rune(const unsigned char *s, size_t n, uint32_t *r)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*r = c;
		return 1;
	}
	size_t need;
	unsigned lo = 0x80, hi = 0xBF;
	uint32_t v;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		*r = RUNE_ERROR;
		return 1;
	}
	if (n < need + 1) {
		*r = RUNE_ERROR;
		return 1;
	}
	for (size_t i = 1; i <= need; i++) {
		unsigned cc = s[i];
		unsigned l = (i == 1) ? lo : 0x80, h = (i == 1) ? hi : 0xBF;
		if (cc < l || cc > h) {
			*r = RUNE_ERROR;
			return 1;
		}
		v = (v << 6) | (cc & 0x3F);
	}
	*r = v;
	return need + 1;
}

/* Like utf8.DecodeLastRune; n >= 1. */
static size_t decode_last_rune(const unsigned char *s, size_t n, uint32_t *r)
{
	size_t end = n, start = n - 1;
	if (s[start] < 0x80) {
		*r = s[start];
		return 1;
	}
	size_t lim = end >= 4 ? end - 4 : 0;
	/* Go: for start--; start >= lim; start-- { if RuneStart(p[start]) break }
	 * (if no rune start is found, the decode below cannot end at `end`
	 * either way, so stopping at lim gives the same RuneError result). */
	while (start > lim) {
		start--;
		if ((s[start] & 0xC0) != 0x80)
			break;
	}
	size_t w = decode_rune(s + start, end - start, r);
	if (start + w != end) {
		*r = RUNE_ERROR;
		return 1;
	}
	return w;
}

static bool valid_rune(uint32_t r)
{
	return r <= 0x10FFFF && !(r >= 0xD800 && r <= 0xDFFF);
}

static void append_rune(Buf *b, uint32_t r)
{
	unsigned char t[4];
	if (!valid_rune(r))
		r = RUNE_ERROR;
	if (r < 0x80) {
		t[0] = (unsigned char)r;
		buf_put(b, t, 1);
	} else if (r < 0x800) {
		t[0] = (unsigned char)(0xC0 | (r >> 6));
		t[1] = (unsigned char)(0x80 | (r & 0x3F));
		buf_put(b, t, 2);
	} else if (r < 0x10000) {
		t[0] = (unsigned char)(0xE0 | (r >> 12));
		t[1] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
		t[2] = (unsigned char)(0x80 | (r & 0x3F));
		buf_put(b, t, 3);
	} else {
		t[0] = (unsigned char)(0xF0 | (r >> 18));
		t[1] = (unsigned char)(0x80 | ((r >> 12) & 0x3F));
		t[2] = (unsigned char)(0x80 | ((r >> 6) & 0x3F));
		t[3] = (unsigned char)(0x80 | (r & 0x3F));
		buf_put(b, t, 4);
	}
}

/* unicode.IsSpace */
static bool is_space(uint32_t r)
{
	switch (r) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202F: case 0x205F: case 0x3000:
		return true;
	default:
		return r >= 0x2000 && r <= 0x200A;
	}
}

/* ------------------------------------------------------------------------ */
/* String slices.                                                            */

typedef struct {
	const unsigned char *p;
	size_t n;
} Str;

static Str str_sub(Str s, size_t from, size_t to)
{
	Str r = { s.p + from, to - from };
	return r;
}

static bool str_eq(Str s, const char *lit)
{
	size_t n = strlen(lit);
	return s.n == n && (n == 0 || memcmp(s.p, lit, n) == 0);
}

static bool all_space(Str s)
{
	size_t i = 0;
	while (i < s.n) {
		uint32_t r;
		i += decode_rune(s.p + i, s.n - i, &r);
		if (!is_space(r))
			return false;
	}
	return true;
}

/* strings.TrimSpace */
static Str trim_space(Str s)
{
	while (s.n > 0) {
		uint32_t r;
		size_t w = decode_rune(s.p, s.n, &r);
		if (!is_space(r))
			break;
		s.p += w;
		s.n -= w;
	}
	while (s.n > 0) {
		uint32_t r;
		size_t w = decode_last_rune(s.p, s.n, &r);
		if (!is_space(r))
			break;
		s.n -= w;
	}
	return s;
}

/* Printable rendering of a slice for error messages (like %q, roughly). */
static const char *show(Str s)
{
	static char out[4][200];
	static int which;
	char *o = out[which];
	which = (which + 1) % 4;
	size_t j = 0;
	o[j++] = '"';
	for (size_t i = 0; i < s.n && j < sizeof out[0] - 8; i++) {
		unsigned c = s.p[i];
		if (c == '"' || c == '\\') {
			o[j++] = '\\';
			o[j++] = (char)c;
		} else if (c >= 0x20 && c < 0x7F) {
			o[j++] = (char)c;
		} else {
			j += (size_t)snprintf(o + j, 5, "\\x%02x", c);
		}
	}
	if (j >= sizeof out[0] - 8)
		o[j++] = '.', o[j++] = '.', o[j++] = '.';
	o[j++] = '"';
	o[j] = '\0';
	return o;
}

/* raw.readToken: returns the token; *rest gets the remainder. */
static Str read_token(Str s, Str *rest)
{
	Str empty = { s.p, 0 };
	size_t i = 0, start = SIZE_MAX;
	while (i < s.n) {
		uint32_t r;
		size_t w = decode_rune(s.p + i, s.n - i, &r);
		if (r == '#') {
			*rest = empty;
			return empty;
		}
		if (!is_space(r)) {
			start = i;
			break;
		}
		i += w;
	}
	if (start == SIZE_MAX) {
		*rest = empty;
		return empty;
	}
	i = start;
	while (i < s.n) {
		uint32_t r;
		size_t w = decode_rune(s.p + i, s.n - i, &r);
		if (is_space(r) || r == '#') {
			*rest = str_sub(s, i, s.n);
			return str_sub(s, start, i);
		}
		i += w;
	}
	rest->p = s.p + s.n;
	rest->n = 0;
	return str_sub(s, start, s.n);
}

/* strconv.ParseUint(s, 10, 64) */
static bool parse_uint(Str s, uint64_t *out)
{
	uint64_t v = 0;
	if (s.n == 0)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		unsigned c = s.p[i];
		if (c < '0' || c > '9')
			return false;
		if (v > (UINT64_MAX - (c - '0')) / 10)
			return false;
		v = v * 10 + (c - '0');
	}
	*out = v;
	return true;
}

/* ------------------------------------------------------------------------ */
/* strconv.Unquote                                                           */

static int unhex(unsigned c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (int)(c - 'A' + 10);
	return -1;
}

/* Appends the unquoted value of s to out; false on syntax error. */
static bool go_unquote(Str s, Buf *out)
{
	if (s.n < 2)
		return false;
	unsigned quote = s.p[0];
	if (quote == '`') {
		size_t end = 1;
		while (end < s.n && s.p[end] != '`')
			end++;
		if (end != s.n - 1) /* missing terminator, or trailing rest */
			return false;
		for (size_t i = 1; i < end; i++)
			if (s.p[i] != '\r')
				buf_byte(out, s.p[i]);
		return true;
	}
	if (quote != '"' && quote != '\'')
		return false;
	size_t i = 1;
	while (i < s.n && s.p[i] != quote) {
		unsigned c = s.p[i];
		if (c == '\n')
			return false;
		if (c >= 0x80) {
			uint32_t r;
			i += decode_rune(s.p + i, s.n - i, &r);
			append_rune(out, r);
		} else if (c != '\\') {
			buf_byte(out, (unsigned char)c);
			i++;
		} else {
			if (i + 1 >= s.n)
				return false;
			unsigned e = s.p[i + 1];
			i += 2;
			switch (e) {
			case 'a': buf_byte(out, '\a'); break;
			case 'b': buf_byte(out, '\b'); break;
			case 'f': buf_byte(out, '\f'); break;
			case 'n': buf_byte(out, '\n'); break;
			case 'r': buf_byte(out, '\r'); break;
			case 't': buf_byte(out, '\t'); break;
			case 'v': buf_byte(out, '\v'); break;
			case 'x': case 'u': case 'U': {
				size_t nd = e == 'x' ? 2 : e == 'u' ? 4 : 8;
				uint32_t v = 0;
				if (s.n - i < nd)
					return false;
				for (size_t j = 0; j < nd; j++) {
					int h = unhex(s.p[i + j]);
					if (h < 0)
						return false;
					v = (v << 4) | (uint32_t)h;
				}
				i += nd;
				if (e == 'x') {
					buf_byte(out, (unsigned char)v);
				} else {
					if (!valid_rune(v))
						return false;
					append_rune(out, v);
				}
				break;
			}
			case '0': case '1': case '2': case '3':
			case '4': case '5': case '6': case '7': {
				uint32_t v = e - '0';
				if (s.n - i < 2)
					return false;
				for (size_t j = 0; j < 2; j++) {
					unsigned d = s.p[i + j];
					if (d < '0' || d > '7')
						return false;
					v = (v << 3) | (d - '0');
				}
				i += 2;
				if (v > 255)
					return false;
				buf_byte(out, (unsigned char)v);
				break;
			}
			case '\\':
				buf_byte(out, '\\');
				break;
			case '\'': case '"':
				if (e != quote)
					return false;
				buf_byte(out, (unsigned char)e);
				break;
			default:
				return false;
			}
		}
		if (quote == '\'')
			break; /* single-quoted: exactly one character */
	}
	if (i >= s.n || s.p[i] != quote)
		return false;
	/* Note: Go's fast path accepts '' (empty single-quoted) as "". */
	return i + 1 == s.n; /* Unquote: nothing may follow */
}

/* ------------------------------------------------------------------------ */
/* Line scanner (bufio.Scanner + ScanLines) over an in-memory region.        */

#define MAX_LINE 65535 /* bufio.MaxScanTokenSize - 1 (room for the '\n') */

typedef struct {
	Str data;
	size_t pos;
	long lineno; /* line number of the last line returned */
} Scanner;

static bool scan_raw_line(Scanner *sc, Str *line)
{
	if (sc->pos >= sc->data.n)
		return false;
	const unsigned char *p = sc->data.p + sc->pos;
	size_t left = sc->data.n - sc->pos;
	const unsigned char *nl = memchr(p, '\n', left);
	size_t len = nl ? (size_t)(nl - p) : left;
	sc->lineno++;
	if (len > MAX_LINE)
		die(sc->lineno, "line too long (%zu bytes; bufio.Scanner: token too long)", len);
	sc->pos += nl ? len + 1 : len;
	if (len > 0 && p[len - 1] == '\r')
		len--;
	line->p = p;
	line->n = len;
	return true;
}

/* raw.TextReader.nextLine: skips blank and comment lines. */
static bool next_line(Scanner *sc, Str *line)
{
	while (scan_raw_line(sc, line)) {
		Str rest;
		if (read_token(*line, &rest).n != 0)
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------------ */
/* Text trace -> binary.                                                     */

/* raw.readArgs; appends values to args (capacity checked by caller). */
static void read_args(Scanner *sc, Str s, const char *const *names, uint64_t *vals,
		      const char *ctx)
{
	for (size_t k = 0; names[k] != NULL; k++) {
		Str rest;
		Str tok = read_token(s, &rest);
		if (tok.n == 0)
			die(sc->lineno, "%s%sno argument (expected %s=)", ctx, *ctx ? ": " : "",
			    names[k]);
		const unsigned char *eq = memchr(tok.p, '=', tok.n);
		if (eq == NULL)
			die(sc->lineno, "%s%smalformed argument: %s", ctx, *ctx ? ": " : "",
			    show(tok));
		Str name = { tok.p, (size_t)(eq - tok.p) };
		Str val = { eq + 1, tok.n - name.n - 1 };
		if (!parse_uint(val, &vals[k]))
			die(sc->lineno, "%s%sfailed to parse argument value %s for arg %s", ctx,
			    *ctx ? ": " : "", show(val), show(name));
		if (!str_eq(name, names[k]))
			die(sc->lineno, "%s%sexpected argument \"%s\", but got %s", ctx,
			    *ctx ? ": " : "", names[k], show(name));
		s = rest;
	}
	if (!all_space(s))
		die(sc->lineno, "%s%sencountered unexpected non-space at the end of an event: %s",
		    ctx, *ctx ? ": " : "", show(s));
}

static void convert_text(Str text, long line_base, Buf *out)
{
	Scanner sc = { text, 0, line_base };
	Str line, rest, tok;

	/* Header: "Trace Go1.N". */
	if (!next_line(&sc, &line))
		die(sc.lineno > 0 ? sc.lineno : 0, "empty trace: missing \"Trace Go1.N\" header (EOF)");
	tok = read_token(line, &rest);
	if (!str_eq(tok, "Trace"))
		die(sc.lineno, "failed to parse header");
	tok = read_token(rest, &rest);
	if (tok.n < 4 || memcmp(tok.p, "Go1.", 4) != 0)
		die(sc.lineno, "failed to parse header Go version");
	uint64_t rawv;
	if (!parse_uint(str_sub(tok, 4, tok.n), &rawv))
		die(sc.lineno, "failed to parse header Go version: %s", show(tok));
	uint32_t ver = (uint32_t)rawv; /* version.Version(rawv): uint32 */
	if (!version_valid(ver))
		die(sc.lineno, "unknown or unsupported Go version 1.%u", (unsigned)ver);
	if (!all_space(rest))
		die(sc.lineno, "encountered unexpected non-space at the end of the header: %s",
		    show(rest));

	char hdr[64];
	int hl = snprintf(hdr, sizeof hdr, "go 1.%u trace", (unsigned)ver);
	buf_put(out, hdr, (size_t)hl);
	buf_put(out, "\0\0\0", 3);

	bool have_specs = version_has_specs(ver);
	Buf data = { 0 };
	while (next_line(&sc, &line)) {
		tok = read_token(line, &rest);
		int ev = -1;
		if (have_specs) {
			for (int i = 1; i < NUM_SPECS; i++) {
				if (specs[i].name != NULL && str_eq(tok, specs[i].name)) {
					ev = i;
					break;
				}
			}
		}
		if (ev < 0)
			die(sc.lineno, "unidentified event: %s", show(tok));
		const Spec *sp = &specs[ev];
		char ctx[64];
		snprintf(ctx, sizeof ctx, "reading args for %s", sp->name);
		uint64_t args[MAX_ARGS];
		read_args(&sc, rest, sp->args, args, ctx);

		buf_byte(out, (unsigned char)ev);
		size_t nargs = 0;
		while (sp->args[nargs] != NULL)
			buf_uvarint(out, args[nargs++]);

		if (sp->is_stack) {
			/* Go: len := int(args[1]); a value >= 2^63 is negative: no frames. */
			uint64_t nframes = args[1] > (uint64_t)INT64_MAX ? 0 : args[1];
			long ev_line = sc.lineno;
			for (uint64_t f = 0; f < nframes; f++) {
				if (!next_line(&sc, &line))
					die(sc.lineno, "unexpected EOF while reading stack (event at line %ld: id=%llu nframes=%llu, got %llu frames)",
					    ev_line, (unsigned long long)args[0],
					    (unsigned long long)args[1], (unsigned long long)f);
				uint64_t fr[4];
				read_args(&sc, line, frame_fields, fr, "");
				for (int k = 0; k < 4; k++)
					buf_uvarint(out, fr[k]);
			}
		}
		if (sp->has_data) {
			long ev_line = sc.lineno;
			if (!next_line(&sc, &line))
				die(sc.lineno, "unexpected EOF while reading data for %s (event at line %ld)",
				    sp->name, ev_line);
			const unsigned char *eq = memchr(line.p, '=', line.n);
			Str key = { line.p, eq ? (size_t)(eq - line.p) : line.n };
			if (eq == NULL || !str_eq(trim_space(key), "data"))
				die(sc.lineno, "malformed data: %s", show(line));
			Str q = trim_space(str_sub(line, key.n + 1, line.n));
			data.len = 0;
			if (!go_unquote(q, &data))
				die(sc.lineno, "failed to parse data: %s: invalid syntax", show(line));
			buf_uvarint(out, data.len);
			buf_put(out, data.p, data.len);
		}
	}
	free(data.p);
}

/* ------------------------------------------------------------------------ */
/* txtar (golang.org/x/tools/txtar, internal/txtar).                         */

/* If data at offset `at` starts a marker line "-- NAME --", returns true and
 * sets the trimmed name and the offset after the line. */
static bool is_marker(Str d, size_t at, Str *name, size_t *after)
{
	Str s = str_sub(d, at, d.n);
	if (s.n < 3 || memcmp(s.p, "-- ", 3) != 0)
		return false;
	const unsigned char *nl = memchr(s.p, '\n', s.n);
	size_t len = nl ? (size_t)(nl - s.p) : s.n;
	*after = nl ? at + len + 1 : d.n;
	if (len < 6 || memcmp(s.p + len - 3, " --", 3) != 0)
		return false;
	*name = trim_space(str_sub(s, 3, len - 3));
	return name->n != 0;
}

static long count_lines(Str d, size_t upto)
{
	long n = 1;
	for (size_t i = 0; i < upto; i++)
		if (d.p[i] == '\n')
			n++;
	return n;
}

/* Finds section `want`; sets *sec and *first_line (line number of its first
 * line in the file). */
static bool txtar_section(Str d, const char *want, Str *sec, long *first_line)
{
	size_t i = 0;
	bool in_file = false;
	bool matched = false;
	size_t start = 0;
	for (;;) {
		Str name;
		size_t after;
		bool at_end = i >= d.n;
		bool m = !at_end && is_marker(d, i, &name, &after);
		if (m || at_end) {
			if (in_file && matched) {
				*sec = str_sub(d, start, i);
				*first_line = count_lines(d, start);
				return true;
			}
			if (at_end)
				return false;
			in_file = true;
			matched = str_eq(name, want);
			start = after;
			i = after;
			continue;
		}
		const unsigned char *nl = memchr(d.p + i, '\n', d.n - i);
		i = nl ? (size_t)(nl - d.p) + 1 : d.n;
	}
}

/* ------------------------------------------------------------------------ */
/* go test fuzz v1 corpus files.                                             */

static void convert_fuzz(Str d, Buf *out)
{
	size_t pos = 0;
	long lineno = 0;
	int values = 0;
	while (pos < d.n || lineno == 0) {
		const unsigned char *p = d.p + pos;
		size_t left = d.n - pos;
		const unsigned char *nl = left ? memchr(p, '\n', left) : NULL;
		size_t len = nl ? (size_t)(nl - p) : left;
		Str line = { p, len };
		pos += nl ? len + 1 : len;
		lineno++;
		if (lineno == 1) {
			if (len > 0 && p[len - 1] == '\r')
				line.n--;
			if (!str_eq(line, "go test fuzz v1"))
				die(lineno, "unknown encoding version: %s (want \"go test fuzz v1\")",
				    show(line));
			if (nl == NULL)
				die(lineno, "must include version and at least one value");
			continue;
		}
		line = trim_space(line);
		if (line.n == 0)
			continue;
		/* go/scanner would reject these in the source text. */
		for (size_t i = 0; i < line.n;) {
			uint32_t r;
			size_t w = decode_rune(line.p + i, line.n - i, &r);
			if ((r == RUNE_ERROR && w == 1) || r == 0)
				die(lineno, "illegal UTF-8 encoding or NUL at column %zu", i + 1);
			i += w;
		}
		/* []byte( LITERAL ) with optional blanks between tokens. */
		static const char *const toks[] = { "[", "]", "byte", "(" };
		size_t i = 0;
		for (size_t t = 0; t < 4; t++) {
			while (i < line.n && (line.p[i] == ' ' || line.p[i] == '\t'))
				i++;
			size_t tl = strlen(toks[t]);
			if (line.n - i < tl || memcmp(line.p + i, toks[t], tl) != 0)
				die(lineno, "expected []byte(\"...\"), got %s", show(line));
			i += tl;
		}
		while (i < line.n && (line.p[i] == ' ' || line.p[i] == '\t'))
			i++;
		size_t ls = i;
		if (i >= line.n || (line.p[i] != '"' && line.p[i] != '`'))
			die(lineno, "string literal required for type []byte");
		unsigned q = line.p[i++];
		while (i < line.n && line.p[i] != q) {
			if (q == '"' && line.p[i] == '\\')
				i++;
			i++;
		}
		if (i >= line.n)
			die(lineno, "unterminated string literal");
		i++;
		Str lit = str_sub(line, ls, i);
		while (i < line.n && (line.p[i] == ' ' || line.p[i] == '\t'))
			i++;
		if (i >= line.n || line.p[i] != ')' || i + 1 != line.n)
			die(lineno, "expected ')' after the string literal");
		if (++values > 1)
			die(lineno, "more than one value; want a single []byte");
		if (!go_unquote(lit, out))
			die(lineno, "malformed string literal: invalid syntax");
	}
	if (values == 0)
		die(0, "no []byte value in corpus file");
}

/* ------------------------------------------------------------------------ */

static Str read_file(const char *path, unsigned char **owned)
{
	bool use_stdin = strcmp(path, "-") == 0;
	FILE *f = use_stdin ? stdin : fopen(path, "rb");
	if (f == NULL)
		die(0, "cannot open: %s", strerror(errno));
	Buf b = { 0 };
	bool err = false;
	for (;;) {
		buf_reserve(&b, 65536);
		size_t n = fread(b.p + b.len, 1, b.cap - b.len, f);
		b.len += n;
		if (n == 0) {
			err = ferror(f) != 0;
			break;
		}
	}
	int saved = errno;
	if (!use_stdin)
		fclose(f);
	if (err)
		die(0, "read error: %s", strerror(saved));
	*owned = b.p;
	Str s = { b.p, b.len };
	return s;
}

static void write_file(const char *path, const Buf *b)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	if (f == NULL) {
		g_path = path;
		g_out_path = NULL;
		die(0, "cannot create: %s", strerror(errno));
	}
	if ((b->len > 0 && fwrite(b->p, 1, b->len, f) != b->len) || fflush(f) != 0 ||
	    (f != stdout && fclose(f) != 0)) {
		g_path = path;
		die(0, "write error: %s", strerror(errno));
	}
}

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	fprintf(stderr,
		"usage: txt2trace [--txtar] IN OUT   text trace -> binary trace\n"
		"       txt2trace --fuzz IN OUT      go fuzz corpus []byte -> raw bytes\n"
		"       txt2trace --expect IN        print the expect line of a .test file\n");
	exit(2);
}

int main(int argc, char **argv)
{
	enum { TEXT, TXTAR, FUZZ, EXPECT } mode = TEXT;
	int ai = 1;
	if (ai < argc && strcmp(argv[ai], "--txtar") == 0)
		mode = TXTAR, ai++;
	else if (ai < argc && strcmp(argv[ai], "--fuzz") == 0)
		mode = FUZZ, ai++;
	else if (ai < argc && strcmp(argv[ai], "--expect") == 0)
		mode = EXPECT, ai++;
	int want = mode == EXPECT ? 1 : 2;
	if (argc - ai != want || argv[ai][0] == '\0' || (want == 2 && argv[ai + 1][0] == '\0'))
		usage();
	if (argv[ai][0] == '-' && argv[ai][1] != '\0')
		usage();

	const char *in = argv[ai];
	g_path = in;
	unsigned char *owned = NULL;
	Str d = read_file(in, &owned);
	Buf out = { 0 };

	switch (mode) {
	case TEXT:
		convert_text(d, 0, &out);
		break;
	case TXTAR: {
		Str sec;
		long first;
		if (!txtar_section(d, "trace", &sec, &first))
			die(0, "no \"-- trace --\" section");
		convert_text(sec, first - 1, &out);
		break;
	}
	case FUZZ:
		convert_fuzz(d, &out);
		break;
	case EXPECT: {
		Str sec;
		long first;
		if (!txtar_section(d, "expect", &sec, &first))
			die(0, "no \"-- expect --\" section");
		Scanner sc = { sec, 0, first - 1 };
		Str line;
		/* An empty expectation means SUCCESS (testtrace.ParseExpectation). */
		if (!scan_raw_line(&sc, &line))
			printf("SUCCESS\n");
		else
			printf("%.*s\n", (int)line.n, (const char *)line.p);
		free(owned);
		return fflush(stdout) == 0 ? 0 : 2;
	}
	}

	g_out_path = argv[ai + 1];
	write_file(argv[ai + 1], &out);
	free(out.p);
	free(owned);
	return 0;
}

/*
 * test_reader.c - the trace reader on traces built in memory: ordering
 * by sequence numbers rather than time, generations and Sync events,
 * bounded memory, versions, and truncation at every byte.
 */
#include <stdint.h>
#include <stdio.h>

#include "stepdist/stepdist.h"
#include "tracebuild.h"
#include "unit.h"

enum { EvProcStatus = 13, EvGoCreate = 14, EvGoStart = 16, EvGoDestroy = 17, EvGoStop = 19,
       EvGoBlock = 20, EvGoUnblock = 21, EvGoStatus = 25 };

/* Generation gen: P0 running on M1 with G1; G1 creates G2 and blocks; M2
 * (with P1) unblocks... see the comments inline.  Timestamps are chosen so
 * that a merge by time would give a wrong order. */
static void build_gen(tb *t, uint64_t gen, uint64_t base, int first)
{
    static const char *const strs[] = {"chan receive", "main.main", "main.go"};
    static const uint64_t frames[] = {0x1000, 2, 3, 42};
    tb_batch b = {0};
    tbb_begin(&b, gen, 1, base);
    tbb_ev(&b, EvProcStatus, 3, 1, 0, 1);           /* P0 running */
    tbb_ev(&b, EvGoStatus, 4, 1, 1, 1, 2);          /* G1 running on M1 */
    if (first) {
        tbb_ev(&b, EvGoCreate, 4, 1, 2, 0, 1);      /* G1 creates G2 (runnable) */
        tbb_ev(&b, EvGoBlock, 3, 1, 1, 1);          /* G1 blocks: "chan receive", stack 1 */
        /* G2 starts on P0 at a time EARLIER than the unblock of G1 on M2 ... */
        tbb_ev(&b, EvGoStart, 3, 1, 2, 1);
        /* ... and G1 starts again only after its unblock (seq 2 needs seq 1). */
        tbb_ev(&b, EvGoStop, 3, 100, 0, 0);         /* G2 yields */
        tbb_ev(&b, EvGoStart, 3, 1, 1, 2);          /* G1 runs: needs the unblock */
    }
    tbb_end(t, &b);
    if (first) {
        tbb_begin(&b, gen, 2, base + 50);
        tbb_ev(&b, EvProcStatus, 3, 1, 1, 2);       /* P1 idle */
        tbb_ev(&b, EvGoUnblock, 4, 1, 1, 1, 0);     /* unblock G1, seq 1 */
        tbb_end(t, &b);
    }
    free(b.body.p);
    tb_freq(t, gen, 1000000000); /* 1 tick = 1 ns */
    tb_strings(t, gen, 3, strs);
    tb_stack1(t, gen, 1, 1, frames);
}

/* Reads every event of t into evs (up to max).  With keep, the reader is
 * left open in *keep so that the events' strings and stacks stay valid. */
static int read_all_keep(const tb *t, sd_event *evs, int max, sd_error *err, sd_trace_stats *st,
                         sd_trace **keep)
{
    sd_trace *tr = NULL;
    sd_event ev;
    int n = 0, rc;
    if (sd_trace_open_mem(&tr, t->p, t->len, "mem.trace", NULL, err) < 0) return -1000;
    while ((rc = sd_trace_next(tr, &ev, err)) > 0)
        if (n < max) evs[n++] = ev;
        else n++;
    if (st) sd_trace_get_stats(tr, st);
    if (keep) *keep = tr;
    else sd_trace_free(tr);
    return rc < 0 ? rc : n;
}

static int read_all(const tb *t, sd_event *evs, int max, sd_error *err, sd_trace_stats *st)
{
    return read_all_keep(t, evs, max, err, st, NULL);
}

static void test_order_by_sequence(void)
{
    tb t = {0};
    sd_event ev[32];
    sd_error err;
    sd_trace *rd = NULL;
    int n, i, unblock = -1, start1 = -1;
    tb_header(&t, 23);
    build_gen(&t, 1, 1000, 1);
    n = read_all_keep(&t, ev, 32, &err, NULL, &rd);
    CHECK(n == 10); /* 2 + 5 + 2 (M2) ... + Sync */
    if (n != 10) fprintf(stderr, "n=%d err=%s\n", n, err.msg);
    for (i = 0; i < n && i < 32; i++) {
        if (ev[i].type == EvGoUnblock) unblock = i;
        if (ev[i].type == EvGoStart && ev[i].args[0] == 1) start1 = i;
        if (i > 0) CHECK(ev[i].time > ev[i - 1].time);
    }
    CHECK(unblock >= 0 && start1 > unblock);
    CHECK(ev[n - 1].type == SD_EV_SYNC);
    {   /* the block carries its reason and stack */
        sd_transition tr;
        for (i = 0; i < n; i++)
            if (ev[i].type == EvGoBlock) break;
        CHECK(i < n && sd_event_transition(&ev[i], &tr) == 1);
        CHECK(tr.reason.len == 12 && memcmp(tr.reason.ptr, "chan receive", 12) == 0);
        CHECK(tr.from == SD_GO_RUNNING && tr.to == SD_GO_WAITING && tr.id == 1);
        CHECK(tr.stack.n == 1 && tr.stack.frames[0].line == 42 &&
              strcmp(tr.stack.frames[0].func.ptr, "main.main") == 0);
    }
    sd_trace_free(rd);
    free(t.p);
}

static void test_generations_and_memory(void)
{
    sd_trace_stats st10, st200;
    sd_error err;
    sd_event ev[1];
    int g, n10, n200;
    tb t = {0};
    tb_header(&t, 22);
    build_gen(&t, 1, 1000, 1);
    for (g = 2; g <= 10; g++) build_gen(&t, (uint64_t)g, 1000 * (uint64_t)g, 0);
    n10 = read_all(&t, ev, 0, &err, &st10);
    for (; g <= 200; g++) build_gen(&t, (uint64_t)g, 1000 * (uint64_t)g, 0);
    n200 = read_all(&t, ev, 0, &err, &st200);
    CHECK(st10.generations == 10 && st200.generations == 200);
    CHECK(n10 == 10 + 9 * 3 && n200 == 10 + 199 * 3); /* 2 status events + Sync per gen */
    CHECK(st200.peak_gen_bytes == st10.peak_gen_bytes); /* bounded by one generation */
    CHECK(st200.bytes == t.len);
    free(t.p);
}

static void test_truncated_everywhere(void)
{
    tb t = {0};
    sd_event ev[64];
    sd_error err;
    size_t cut;
    int full, bad = 0, ok = 0;
    tb_header(&t, 23);
    build_gen(&t, 1, 1000, 1);
    build_gen(&t, 2, 5000, 0);
    full = read_all(&t, ev, 64, &err, NULL);
    CHECK(full == 13);
    for (cut = 0; cut < t.len; cut++) {
        tb c = {t.p, cut, cut, 0, 0, {0}, 0};
        int n;
        sd_error_clear(&err);
        n = read_all(&c, ev, 64, &err, NULL);
        /* Never a crash; either a clean prefix of generations (a cut at a
         * generation boundary) or an error that names the offset. */
        if (n >= 0) {
            /* valid only at a batch boundary after generation 1 */
            int k, at_end = 0;
            for (k = 0; k < t.nends; k++) at_end |= t.ends[k] == cut;
            if (!at_end || n < 10) bad++;
            ok++;
        }
        if (n < 0) {
            if (!strstr(err.msg, "mem.trace") || !strstr(err.msg, "offset")) {
                bad++;
                fprintf(stderr, "cut %zu: message without file/offset: %s\n", cut, err.msg);
            }
        }
    }
    CHECK(bad == 0);
    CHECK(ok == 3); /* end of gen 1; gen 2 cut after its Frequency or Strings batch */
    free(t.p);
}

static void test_versions(void)
{
    static const struct { const char *hdr; int code; } cases[] = {
        {"go 1.21 trace\0\0\0", SD_EVERSION},
        {"go 1.25 trace\0\0\0", SD_EVERSION},
        {"go 1.19 trace\0\0\0", SD_EVERSION},
        {"not a trace at all", SD_EFORMAT},
        {"go 1.22 trace\0\0", SD_EFORMAT},
        {"", SD_EFORMAT},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sd_trace *tr = NULL;
        sd_error err;
        size_t len = strlen(cases[i].hdr) ? 16 : 0;
        int rc;
        if (cases[i].code == SD_EFORMAT) len = strlen(cases[i].hdr) + (i == 4 ? 2 : 0);
        rc = sd_trace_open_mem(&tr, cases[i].hdr, len, "h.trace", NULL, &err);
        CHECK(rc == cases[i].code && tr == NULL);
        CHECK(strstr(err.msg, "h.trace") != NULL);
        if (cases[i].code == SD_EVERSION) CHECK(strstr(err.msg, "unsupported trace version") != NULL);
    }
    {   /* a header with no generation after it: Go says no frequency event */
        sd_trace *tr = NULL;
        sd_error err;
        sd_event ev;
        CHECK(sd_trace_open_mem(&tr, "go 1.23 trace\0\0\0", 16, "h.trace", NULL, &err) == 0);
        CHECK(sd_trace_next(tr, &ev, &err) == SD_EFORMAT);
        CHECK(strstr(err.msg, "no frequency event found") != NULL);
        CHECK(sd_trace_next(tr, &ev, &err) == SD_EFORMAT); /* sticky */
        sd_trace_free(tr);
    }
}

static void test_broken_order(void)
{
    /* GoStart of a goroutine that never becomes runnable: no thread can
     * advance, which Go reports as a broken trace. */
    tb t = {0};
    tb_batch b = {0};
    sd_event ev[8];
    sd_error err;
    int n;
    tb_header(&t, 23);
    tbb_begin(&b, 1, 1, 100);
    tbb_ev(&b, EvProcStatus, 3, 1, 0, 1);
    tbb_ev(&b, EvGoStart, 3, 1, 7, 1);
    tbb_end(&t, &b);
    tb_freq(&t, 1, 1000000000);
    n = read_all(&t, ev, 8, &err, NULL);
    CHECK(n == SD_EBROKEN);
    CHECK(strstr(err.msg, "offset") != NULL && strstr(err.msg, "GoStart") != NULL);
    free(b.body.p);
    free(t.p);
}

int main(void)
{
    RUN(test_order_by_sequence);
    RUN(test_generations_and_memory);
    RUN(test_truncated_everywhere);
    RUN(test_versions);
    RUN(test_broken_order);
    return unit_done();
}

/*
 * test_oom.c - out-of-memory handling: every allocation the reader, the
 * printers and the canonical event stream make is failed in turn; each
 * call must then fail cleanly with SD_ENOMEM (or succeed), never crash,
 * and free everything it took (counted here, and by LeakSanitizer).
 */
#include <stdio.h>
#include <stdlib.h>

#include "stepdist/alloc.h"
#include "stepdist/stepdist.h"
#include "failalloc.h"
#include "stepdist/model.h"
#include "unit.h"


static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Reads and prints the whole trace; returns 0 or the first error. */
static int read_print(const char *data, size_t len, FILE *sink)
{
    sd_trace *t = NULL;
    sd_printer *pr = NULL;
    sd_event ev;
    sd_error err;
    int rc;
    if ((rc = sd_trace_open_mem(&t, data, len, "oom.trace", NULL, &err)) < 0) return rc;
    pr = sd_printer_new(sink, SD_FORMAT_GO);
    if (!pr) {
        sd_trace_free(t);
        return SD_ENOMEM;
    }
    while ((rc = sd_trace_next(t, &ev, &err)) > 0)
        if ((rc = sd_printer_event(pr, &ev)) < 0) break;
    if (rc == 0) rc = sd_printer_free(pr);
    else sd_printer_free(pr);
    sd_trace_free(t);
    return rc;
}

static int events_of(const char *path)
{
    sd_cstream *s = NULL;
    sd_error err;
    int rc = sd_events_from_trace(path, NULL, &s, &err);
    if (rc == 0 && sd_cstream_status(s, NULL) < 0) rc = sd_cstream_status(s, NULL);
    sd_cstream_free(s);
    return rc;
}


static void test_each_allocation_fails(void)
{
    const char *top = getenv("TOP");
    char path[4096];
    size_t len = 0;
    char *data;
    FILE *sink = fopen("/dev/null", "w");
    long k;
    int bad = 0, done_read = 0, done_events = 0;
    snprintf(path, sizeof path, "%s/fuzz/corpus/reader/iterpull", top ? top : ".");
    data = slurp(path, &len);
    CHECK(data != NULL && sink != NULL);
    if (!data || !sink) return;
    sd_set_allocator(&fa_allocator);
    for (k = 0; k < 100000 && !(done_read && done_events); k++) {
        int rc;
        if (!done_read) {
            fa_budget = k;
            fa_failures = 0;
            rc = read_print(data, len, sink);
            if (fa_live != 0) { bad++; fprintf(stderr, "read: %ld blocks leaked at k=%ld\n", fa_live, k); fa_live = 0; }
            if (rc < 0 && rc != SD_ENOMEM) { bad++; fprintf(stderr, "read: k=%ld rc=%d\n", k, rc); }
            if (rc == 0 && fa_failures == 0) done_read = 1;
        }
        if (!done_events) {
            fa_budget = k;
            fa_failures = 0;
            rc = events_of(path);
            if (fa_live != 0) { bad++; fprintf(stderr, "events: %ld blocks leaked at k=%ld\n", fa_live, k); fa_live = 0; }
            if (rc < 0 && rc != SD_ENOMEM) { bad++; fprintf(stderr, "events: k=%ld rc=%d\n", k, rc); }
            if (rc == 0 && fa_failures == 0) done_events = 1;
        }
    }
    fa_budget = -1;
    sd_set_allocator(NULL);
    fprintf(stderr, "allocation points exercised: %ld\n", k);
    CHECK(done_read && done_events);
    CHECK(bad == 0);
    free(data);
    fclose(sink);
}

/* The source scanner (sd_srcmap_parse and its queries) under every
 * allocation failure, on one of the fuzz seeds: SD_ENOMEM or success,
 * nothing leaked. */
static void source_allocation_fails(const char *name)
{
    const char *top = getenv("TOP");
    char path[4096];
    size_t len = 0;
    char *data;
    long k;
    int bad = 0, done = 0;
    snprintf(path, sizeof path, "%s/fuzz/corpus/source/%s", top ? top : ".", name);
    data = slurp(path, &len);
    CHECK(data != NULL);
    if (!data) return;
    sd_set_allocator(&fa_allocator);
    for (k = 0; k < 100000 && !done; k++) {
        sd_srcmap *m = NULL;
        sd_error err;
        int rc;
        uint32_t line;
        fa_budget = k;
        fa_failures = 0;
        rc = sd_srcmap_parse("/src/p.go", data, len, &m, &err);
        if (rc == 0) {
            for (line = 1; line < 45; line++) {
                sd_srcinfo in;
                sd_site caller = {"f", "/src/p.go", 45 - line};
                sd_srcmap_query_chain(m, "/src/p.go", line, (int)(line & 1), &caller, 1, &in);
            }
            sd_srcmap_free(m);
        }
        if (fa_live != 0) { bad++; fprintf(stderr, "source: %ld blocks leaked at k=%ld\n", fa_live, k); fa_live = 0; }
        if (rc < 0 && rc != SD_ENOMEM) { bad++; fprintf(stderr, "source: k=%ld rc=%d\n", k, rc); }
        if (rc == 0 && fa_failures == 0) done = 1;
    }
    fa_budget = -1;
    sd_set_allocator(NULL);
    fprintf(stderr, "source (%s): allocation points exercised: %ld\n", name, k);
    CHECK(done);
    CHECK(bad == 0);
    free(data);
}

static void test_source_allocation_fails(void)
{
    source_allocation_fails("loops.go");
    source_allocation_fails("chans.go");
}

int main(void)
{
    RUN(test_each_allocation_fails);
    RUN(test_source_allocation_fails);
    return unit_done();
}

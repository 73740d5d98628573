/*
 * test_leaks.c - lib/leaks on two traces of the tests/leaks fixtures
 * (tests/unit/data/): goroutines stuck at two selects, one of which shows
 * the select-block signature, and goroutines blocked behind a sleeper and
 * a busy goroutine, which are not stuck for good; then every allocation of
 * the analysis is failed in turn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stepdist/alloc.h"
#include "stepdist/stepdist.h"
#include "stepdist/leaks.h"
#include "failalloc.h"
#include "unit.h"

static void data_path(char *buf, size_t cap, const char *name)
{
    const char *top = getenv("TOP");
    snprintf(buf, cap, "%s/tests/unit/data/%s", top ? top : ".", name);
}

/* The analysis of `runs` copies of one trace: 0 or an error code. */
static int analyse(const char *name, int runs, sd_leaks **out)
{
    char path[4096];
    sd_cstream *s = NULL;
    sd_leaks *l = NULL;
    sd_error err;
    int rc, i;
    *out = NULL;
    data_path(path, sizeof path, name);
    if ((rc = sd_events_from_trace(path, NULL, &s, &err)) < 0) return rc;
    if ((rc = sd_leaks_new(&l, &err)) < 0) goto done;
    for (i = 0; i < runs && rc == 0; i++) rc = sd_leaks_add_run(l, s, 100 + i, "{\"gomaxprocs\":2}", &err);
    if (rc == 0) rc = sd_leaks_finish(l, &err);
done:
    sd_cstream_free(s);
    if (rc < 0) sd_leaks_free(l);
    else *out = l;
    return rc;
}

static const sd_leak_finding *finding_at(const sd_leaks *l, uint32_t line)
{
    size_t i;
    for (i = 0; i < sd_leaks_nfindings(l); i++)
        if (sd_leaks_finding(l, i)->site.line == line) return sd_leaks_finding(l, i);
    return NULL;
}

static void test_selects(void)
{
    sd_leaks *l = NULL;
    const sd_leak_finding *f8, *f20;
    const sd_leak_run *r;
    CHECK(analyse("leaks_selectblock.trace", 3, &l) == 0);
    if (!l) return;
    CHECK(sd_leaks_nruns(l) == 3);
    CHECK(sd_leaks_nfindings(l) == 2);
    f8 = finding_at(l, 8);
    f20 = finding_at(l, 20);
    CHECK(f8 && f20);
    if (f8 && f20) {
        CHECK_STR(f20->reason, "select");
        CHECK(strstr(f20->site.file, "pump.go") != NULL);
        CHECK(f20->created.line == 19);
        CHECK(f20->runs == 3 && f20->run_index[2] == 2);
        /* the loop at line 8 sent two values, so it left its select before it stayed */
        CHECK(f20->select_signature && f20->signature_runs == 3);
        CHECK(!f8->select_signature);
        CHECK(f8->created.line == 6);
    }
    r = sd_leaks_run(l, 1);
    CHECK(r->run_id == 101 && r->deadlock == SD_DEADLOCK_PARTIAL && r->nstuck == 2 && r->nexcused == 0);
    CHECK_STR(r->params, "{\"gomaxprocs\":2}");
    CHECK_STR(sd_deadlock_name(r->deadlock), "partial");
    sd_leaks_free(l);
}

static void test_slow_is_not_stuck(void)
{
    sd_leaks *l = NULL;
    const sd_leak_run *r;
    CHECK(analyse("leaks_slow.trace", 1, &l) == 0);
    if (!l) return;
    CHECK(sd_leaks_nfindings(l) == 0);
    r = sd_leaks_run(l, 0);
    CHECK(r->deadlock == SD_DEADLOCK_NONE && r->nstuck == 0);
    CHECK(r->nexcused == 2);  /* the two goroutines waiting for the sleeper and the spinner */
    CHECK(r->nalive >= 4);    /* what an end-of-test check would see */
    sd_leaks_free(l);
}

static void test_reasons(void)
{
    CHECK(sd_leaks_reason_counts("chan send"));
    CHECK(sd_leaks_reason_counts("forever"));
    CHECK(sd_leaks_reason_counts("Mutex.Lock"));
    CHECK(!sd_leaks_reason_counts("sleep"));
    CHECK(!sd_leaks_reason_counts("syscall"));
    CHECK(!sd_leaks_reason_counts("network"));
}

static void test_each_allocation_fails(void)
{
    long k;
    int bad = 0, done = 0;
    sd_set_allocator(&fa_allocator);
    for (k = 0; k < 100000 && !done; k++) {
        sd_leaks *l = NULL;
        int rc;
        fa_budget = k;
        fa_failures = 0;
        rc = analyse("leaks_selectblock.trace", 2, &l);
        sd_leaks_free(l);
        if (fa_live != 0) {
            bad++;
            fprintf(stderr, "leaks: %ld blocks leaked at k=%ld\n", fa_live, k);
            fa_live = 0;
        }
        if (rc < 0 && rc != SD_ENOMEM) {
            bad++;
            fprintf(stderr, "leaks: k=%ld rc=%d\n", k, rc);
        }
        if (rc == 0 && fa_failures == 0) done = 1;
    }
    fa_budget = -1;
    sd_set_allocator(NULL);
    CHECK(done);
    CHECK(bad == 0);
}

int main(void)
{
    RUN(test_selects);
    RUN(test_slow_is_not_stuck);
    RUN(test_reasons);
    RUN(test_each_allocation_fails);
    return unit_done();
}

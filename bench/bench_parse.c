/*
 * bench_parse.c - parse-only throughput of the trace reader: the trace is
 * read into memory once, then parsed REPS times (events ordered and
 * validated, nothing printed).  Prints events/s of the best and the median
 * repetition and the reader's peak generation memory.
 *   bench_parse TRACE [REPS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "stepdist/stepdist.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    FILE *f;
    char *data = NULL;
    long len;
    int reps = argc > 2 ? atoi(argv[2]) : 7, r;
    double *secs;
    uint64_t events = 0;
    size_t peak = 0;
    if (argc < 2 || reps < 1) {
        fprintf(stderr, "usage: bench_parse TRACE [REPS]\n");
        return 2;
    }
    f = fopen(argv[1], "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "bench_parse: cannot read %s\n", argv[1]);
        return 1;
    }
    data = malloc((size_t)len + 1);
    if (!data || fread(data, 1, (size_t)len, f) != (size_t)len) {
        fprintf(stderr, "bench_parse: cannot read %s\n", argv[1]);
        return 1;
    }
    fclose(f);
    secs = calloc((size_t)reps, sizeof *secs);
    if (!secs) return 1;
    for (r = 0; r < reps; r++) {
        sd_trace *t = NULL;
        sd_error err;
        sd_event ev;
        sd_trace_stats st;
        int rc;
        double t0 = now();
        if (sd_trace_open_mem(&t, data, (size_t)len, argv[1], NULL, &err) < 0) {
            fprintf(stderr, "bench_parse: %s\n", err.msg);
            return 1;
        }
        while ((rc = sd_trace_next(t, &ev, &err)) > 0) {}
        secs[r] = now() - t0;
        if (rc < 0) {
            fprintf(stderr, "bench_parse: %s\n", err.msg);
            return 1;
        }
        sd_trace_get_stats(t, &st);
        events = st.events;
        peak = st.peak_gen_bytes;
        sd_trace_free(t);
    }
    qsort(secs, (size_t)reps, sizeof *secs, cmp_double);
    printf("parse-only: %llu events, best %.1f Mevents/s, median %.1f Mevents/s, "
           "peak generation memory %.1f MiB, trace %.1f MiB\n",
           (unsigned long long)events, (double)events / secs[0] / 1e6,
           (double)events / secs[reps / 2] / 1e6, (double)peak / (1 << 20),
           (double)len / (1 << 20));
    free(secs);
    free(data);
    return 0;
}

/*
 * unit.h - a minimal unit-test harness: CHECK records a failure with its
 * line and goes on; main() returns nonzero if any check failed.
 */
#ifndef STEPDIST_UNIT_H
#define STEPDIST_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_failures, unit_checks;

#define CHECK(cond)                                                          \
    do {                                                                     \
        unit_checks++;                                                       \
        if (!(cond)) {                                                       \
            unit_failures++;                                                 \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                    \
    } while (0)

#define CHECK_STR(got, want)                                                 \
    do {                                                                     \
        const char *g_ = (got), *w_ = (want);                                \
        unit_checks++;                                                       \
        if (strcmp(g_, w_) != 0) {                                           \
            unit_failures++;                                                 \
            fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, g_, w_); \
        }                                                                    \
    } while (0)

#define RUN(fn)                                                              \
    do {                                                                     \
        int before_ = unit_failures;                                         \
        fn();                                                                \
        fprintf(stderr, "%s %s\n", unit_failures == before_ ? "ok  " : "FAIL", #fn); \
    } while (0)

static inline int unit_done(void)
{
    fprintf(stderr, "%d checks, %d failed\n", unit_checks, unit_failures);
    return unit_failures ? 1 : 0;
}

#endif

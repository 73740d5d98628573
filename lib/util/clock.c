/*
 * clock.c - the monotonic clock the library times things with.
 */
#include <time.h>

#include "util/util.h"

int64_t sd__mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/*
 * leaks.c - which of a run's goroutines are stuck at its end.
 */
#include <string.h>

#include "stepdist/leaks.h"
#include "util/util.h"

int sd_leaks_reason_counts(const char *reason)
{
    static const char *const transient[] = {"sleep", "syscall", "network", "preempted", "",
                                            "GC assist marking", "wait until GC ends"};
    size_t i;
    for (i = 0; i < sizeof transient / sizeof transient[0]; i++)
        if (strcmp(reason, transient[i]) == 0) return 0;
    return 1;
}

int sd_leaks_stuck(const sd_cstream *s, void (*fn)(void *ctx, const sd_stuck *st), void *ctx)
{
    size_t n = sd_cstream_ngoroutines(s), i;
    const sd_cevent *ev = sd_cstream_events(s);
    int64_t *last = sd__malloc((n ? n : 1) * sizeof *last);
    int found = 0;
    if (!last) return SD_ENOMEM;
    for (i = 0; i < n; i++) last[i] = -1;
    for (i = 0; i < sd_cstream_len(s); i++) last[ev[i].g] = (int64_t)i;
    for (i = 0; i < n; i++) {
        const sd_goroutine *g = sd_cstream_goroutine(s, (uint32_t)i);
        const sd_cevent *e;
        sd_stuck st;
        if (!g->user || last[i] < 0) continue;
        e = &ev[last[i]];
        if (e->type != SD_CEV_BLOCK || !sd_leaks_reason_counts(e->reason)) continue;
        st.g = (uint32_t)i;
        st.reason = e->reason;
        st.site = e->site;
        st.created = g->created;
        if (fn) fn(ctx, &st);
        found++;
    }
    sd__free(last);
    return found;
}

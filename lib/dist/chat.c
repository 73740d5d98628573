/*
 * chat.c - prediction points as chat records for language models: the
 * prompt (package source, goroutine table, the prefix's events as
 * `stepdist events` prints them) and the empirical next-type distribution
 * as the answer.  Only what a run shows before the point goes in: no
 * outcome, exit status or output of any run.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "stepdist/chat.h"
#include "util/util.h"

const char sd_chat_system[] =
    "You predict the next step of a concurrent Go program run under Go's execution tracer. "
    "A run is a sequence of goroutine events: GoCreate (a running goroutine creates another), "
    "GoStart (a goroutine starts running), GoBlock (a running goroutine blocks, with the reason), "
    "GoUnblock (a blocked goroutine becomes runnable; 'by' names who woke it), GoSched (a running "
    "goroutine yields or is preempted), GoEnd (a goroutine ends). The scheduler is not "
    "deterministic: runs that shared every event so far may go on differently. Given the program "
    "and the events so far, answer with a JSON object that maps event types to the probability "
    "that the next event has that type, for example {\"GoStart\":0.7,\"GoBlock\":0.3}; the "
    "probabilities sum to 1.";

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

void sd_chat_source_free(char *source) { sd__free(source); }

int sd_chat_read_source(const char *dir, char **out, sd_error *err)
{
    DIR *dp = NULL;
    struct dirent *de;
    char **names = NULL, path[4096], chunk[65536];
    size_t n = 0, cap = 0, i;
    sd_buf b = {0};
    FILE *f = NULL;
    int rc = 0;
    *out = NULL;
    if (!(dp = opendir(dir))) return sd_error_set(err, SD_EIO, -1, "%s: cannot read the package: %s", dir, strerror(errno));
    while ((de = readdir(dp))) {
        struct stat st;
        if (!ends_with(de->d_name, ".go") || de->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **nv = sd__realloc(names, nc * sizeof *nv);
            if (!nv) goto oom;
            names = nv;
            cap = nc;
        }
        if (!(names[n] = sd__strdup(de->d_name))) goto oom;
        n++;
    }
    if (n == 0) {
        rc = sd_error_set(err, SD_EINVAL, -1, "%s: no .go file in the package", dir);
        goto done;
    }
    qsort(names, n, sizeof *names, cmp_str); /* the same bytes on every system */
    for (i = 0; i < n; i++) {
        size_t got;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (!(f = fopen(path, "rb"))) {
            rc = sd_error_set(err, SD_EIO, -1, "%s: cannot read: %s", path, strerror(errno));
            goto done;
        }
        if (i) sd__buf_putc(&b, '\n');
        SD__BUF_LIT(&b, "// file: ");
        sd__buf_puts(&b, names[i]);
        sd__buf_putc(&b, '\n');
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) sd__buf_put(&b, chunk, got);
        if (ferror(f)) {
            rc = sd_error_set(err, SD_EIO, -1, "%s: read error", path);
            goto done;
        }
        fclose(f);
        f = NULL;
        if (b.len && b.p[b.len - 1] != '\n') sd__buf_putc(&b, '\n');
    }
    sd__buf_putc(&b, '\0');
    if (b.oom) goto oom;
    *out = b.p;
    b.p = NULL;
    goto done;
oom:
    rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory reading %s", dir);
done:
    if (f) fclose(f);
    if (dp) closedir(dp);
    for (i = 0; i < n; i++) sd__free(names[i]);
    sd__free(names);
    sd__buf_release(&b);
    return rc;
}

enum { ST_UNKNOWN = 0, ST_RUNNABLE, ST_RUNNING, ST_WAITING, ST_ENDED };

/* FUNC FILE:LINE, as `stepdist events` prints a site ("-" when unknown) */
static void put_site(sd_buf *b, const sd_site *st)
{
    const char *slash = strrchr(st->file, '/');
    if (!*st->file) {
        sd__buf_puts(b, *st->func ? st->func : "-");
        return;
    }
    if (*st->func) {
        sd__buf_puts(b, st->func);
        sd__buf_putc(b, ' ');
    }
    sd__buf_puts(b, slash ? slash + 1 : st->file);
    sd__buf_putc(b, ':');
    sd__buf_u64(b, st->line);
}

/* The goroutines of the prefix (the root and every goroutine an event of
 * the prefix names) with their state after it, replayed from the events as
 * the model replays them (docs/model.md): a goroutine that creates or
 * wakes another is running. */
static int put_goroutines(sd_buf *b, const sd_cstream *s, size_t depth)
{
    const sd_cevent *ev = sd_cstream_events(s);
    size_t ng = sd_cstream_ngoroutines(s), i;
    uint8_t *st = sd__calloc(ng ? ng : 1, 1), *seen = sd__calloc(ng ? ng : 1, 1);
    uint32_t *last = sd__malloc((ng ? ng : 1) * sizeof *last);
    if (!st || !seen || !last) {
        sd__free(st);
        sd__free(seen);
        sd__free(last);
        return SD_ENOMEM;
    }
    for (i = 0; i < ng; i++) {
        const sd_goroutine *g = sd_cstream_goroutine(s, (uint32_t)i);
        last[i] = UINT32_MAX;
        if (g->parent == SD_NO_GOR && !strcmp(g->name, "main")) {
            st[i] = ST_RUNNING; /* the root runs when the events start */
            seen[i] = 1;
        }
    }
    for (i = 0; i < depth; i++) {
        const sd_cevent *e = &ev[i];
        uint8_t to;
        switch (e->type) {
        case SD_CEV_CREATE: case SD_CEV_UNBLOCK: case SD_CEV_SCHED: to = ST_RUNNABLE; break;
        case SD_CEV_START: to = ST_RUNNING; break;
        case SD_CEV_BLOCK: to = ST_WAITING; break;
        default: to = ST_ENDED; break;
        }
        if (e->g < ng) {
            st[e->g] = to;
            seen[e->g] = 1;
            last[e->g] = (uint32_t)i;
        }
        if ((e->type == SD_CEV_CREATE || e->type == SD_CEV_UNBLOCK) && e->actor < ng && e->actor != e->g) {
            st[e->actor] = ST_RUNNING;
            seen[e->actor] = 1;
        }
    }
    SD__BUF_LIT(b, "Goroutines so far (name: how it was created; its function; its state after the last event):\n");
    for (i = 0; i < ng; i++) {
        const sd_goroutine *g = sd_cstream_goroutine(s, (uint32_t)i);
        if (!seen[i]) continue;
        sd__buf_puts(b, g->name);
        SD__BUF_LIT(b, ": ");
        if (g->parent == SD_NO_GOR && !strcmp(g->name, "main")) {
            SD__BUF_LIT(b, "the root goroutine (the test or main function)");
        } else if (g->parent == SD_NO_GOR) {
            SD__BUF_LIT(b, "created by an unknown goroutine");
        } else {
            SD__BUF_LIT(b, "created by ");
            sd__buf_puts(b, sd_cstream_goroutine(s, g->parent)->name);
            SD__BUF_LIT(b, " at ");
            put_site(b, &g->created);
        }
        if (*g->start.func) {
            SD__BUF_LIT(b, "; runs ");
            sd__buf_puts(b, g->start.func);
        }
        SD__BUF_LIT(b, "; ");
        switch (st[i]) {
        case ST_RUNNABLE: SD__BUF_LIT(b, "runnable"); break;
        case ST_RUNNING: SD__BUF_LIT(b, "running"); break;
        case ST_ENDED: SD__BUF_LIT(b, "ended"); break;
        case ST_WAITING:
            SD__BUF_LIT(b, "blocked");
            if (last[i] != UINT32_MAX && *ev[last[i]].reason) {
                SD__BUF_LIT(b, " [");
                sd__buf_puts(b, ev[last[i]].reason);
                sd__buf_putc(b, ']');
            }
            break;
        default: SD__BUF_LIT(b, "unknown"); break;
        }
        if (last[i] != UINT32_MAX && st[i] != ST_ENDED && (*ev[last[i]].site.file || *ev[last[i]].site.func)) {
            SD__BUF_LIT(b, " at ");
            put_site(b, &ev[last[i]].site);
        }
        sd__buf_putc(b, '\n');
    }
    sd__free(st);
    sd__free(seen);
    sd__free(last);
    return 0;
}

int sd_chat_prompt(const sd_chat_point *p, char **out, sd_error *err)
{
    size_t n = sd_cstream_len(p->stream), from = 0;
    sd_buf b = {0};
    char *text = NULL;
    size_t tlen = 0;
    FILE *mf = NULL;
    int rc = 0;
    *out = NULL;
    if (p->depth > n)
        return sd_error_set(err, SD_EINVAL, -1, "%s %s: a prefix of %zu events in a run of %zu", p->program,
                            p->point, p->depth, n);
    if (p->max_events && p->depth > p->max_events) from = p->depth - p->max_events;
    SD__BUF_LIT(&b, "The Go package (its .go files):\n\n");
    sd__buf_puts(&b, p->source);
    sd__buf_putc(&b, '\n');
    if (put_goroutines(&b, p->stream, p->depth) < 0) goto oom;
    sd__buf_putc(&b, '\n');
    /* the events as `stepdist events` prints them */
    if (!(mf = open_memstream(&text, &tlen))) goto oom;
    if (sd_cstream_print_range(p->stream, from, p->depth, mf, 0) < 0) {
        fclose(mf);
        goto oom;
    }
    if (fclose(mf) != 0) goto oom;
    if (p->depth == 0) {
        SD__BUF_LIT(&b, "Events so far: none (the run has just started).\n");
    } else if (from) {
        char line[256];
        snprintf(line, sizeof line,
                 "Events so far: %zu; the first %zu are left out, the last %zu follow (INDEX TYPE GOROUTINE "
                 "[REASON] at FUNC FILE:LINE [by GOROUTINE]):\n",
                 p->depth, from, p->depth - from);
        sd__buf_puts(&b, line);
    } else {
        char line[256];
        snprintf(line, sizeof line,
                 "Events so far: %zu (INDEX TYPE GOROUTINE [REASON] at FUNC FILE:LINE [by GOROUTINE]):\n", p->depth);
        sd__buf_puts(&b, line);
    }
    sd__buf_put(&b, text, tlen);
    SD__BUF_LIT(&b, "\nWhat is the distribution of the type of the next event? Answer with a JSON object "
                    "of event type to probability.");
    sd__buf_putc(&b, '\0');
    if (b.oom) goto oom;
    *out = b.p;
    b.p = NULL;
    goto done;
oom:
    rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory writing the prompt of %s %s", p->program, p->point);
done:
    free(text); /* open_memstream's buffer comes from malloc */
    sd__buf_release(&b);
    return rc;
}

int sd_chat_write(FILE *f, const sd_chat_point *p, sd_error *err)
{
    char *prompt = NULL, answer[256], num[32];
    size_t alen = 0;
    uint64_t total = 0;
    sd_buf b = {0};
    int t, rc;
    for (t = 0; t < SD_CEV_NTYPES; t++) total += p->counts[t];
    if (total == 0)
        return sd_error_set(err, SD_EINVAL, -1, "%s %s: no next event to learn from", p->program, p->point);
    if ((rc = sd_chat_prompt(p, &prompt, err)) < 0) return rc;
    answer[alen++] = '{';
    for (t = 0; t < SD_CEV_NTYPES; t++) {
        if (!p->counts[t]) continue;
        /* 7 digits: the rounded values still sum to 1 within 1e-6 */
        snprintf(num, sizeof num, "%s\"%s\":%.7g", alen > 1 ? "," : "", sd_cev_type_name(t),
                 (double)p->counts[t] / (double)total);
        alen += (size_t)snprintf(answer + alen, sizeof answer - alen, "%s", num);
    }
    answer[alen++] = '}';
    answer[alen] = '\0';
    SD__BUF_LIT(&b, "{\"messages\":[{\"role\":\"system\",\"content\":");
    sd__buf_jsonstr(&b, sd_chat_system, strlen(sd_chat_system));
    SD__BUF_LIT(&b, "},{\"role\":\"user\",\"content\":");
    sd__buf_jsonstr(&b, prompt, strlen(prompt));
    SD__BUF_LIT(&b, "},{\"role\":\"assistant\",\"content\":");
    sd__buf_jsonstr(&b, answer, alen);
    SD__BUF_LIT(&b, "}],\"program\":");
    sd__buf_jsonstr(&b, p->program, strlen(p->program));
    SD__BUF_LIT(&b, ",\"point\":");
    sd__buf_jsonstr(&b, p->point, strlen(p->point));
    SD__BUF_LIT(&b, ",\"runs\":");
    sd__buf_u64(&b, total);
    SD__BUF_LIT(&b, "}\n");
    sd__free(prompt);
    if (b.oom) rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory writing %s %s", p->program, p->point);
    else if (fwrite(b.p, 1, b.len, f) != b.len) rc = sd_error_set(err, SD_EIO, -1, "write error");
    sd__buf_release(&b);
    return rc;
}

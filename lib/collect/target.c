/*
 * target.c - targeted perturbation: perturb only where the unperturbed
 * runs showed the schedule to matter (target.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/target.h"
#include "stepdist/dist.h"
#include "util/util.h"

static uint64_t line_key(const char *file, uint32_t line)
{
    const char *b = file ? strrchr(file, '/') : NULL;
    uint64_t h = 0xcbf29ce484222325ULL;
    for (b = b ? b + 1 : (file ? file : ""); *b; b++) h = (h ^ (unsigned char)*b) * 0x100000001b3ULL;
    return (h ^ line) * 0x9E3779B97F4A7C15ULL;
}

static uint64_t event_key(const sd_cstream *s, const sd_cevent *e)
{
    uint64_t h = line_key(e->site.file, e->site.line) ^ ((uint64_t)e->type << 56);
    const char *n = sd_cstream_goroutine(s, e->g)->name;
    for (; *n; n++) h = (h ^ (unsigned char)*n) * 0x100000001b3ULL;
    return h;
}

int sd__target_sites(sd_catalog *cat, const char *dir, int64_t program_id, const char *sites_tsv,
                     char **env_out, int64_t *nactive, int64_t *nlines, sd_error *err)
{
    sd_dist *d = NULL;
    sd_cstream **runs = NULL;
    uint32_t **paths = NULL;
    size_t n = 0, r, i;
    sd_map first, lines;  /* node -> index into firsts; line key -> 1 */
    uint64_t *firsts = NULL;
    uint8_t *diverges = NULL;
    size_t nf = 0, capf = 0;
    FILE *f = NULL;
    sd_buf env = {0};
    char buf[8192];
    int rc;
    *env_out = NULL;
    *nactive = *nlines = 0;
    memset(&first, 0, sizeof first);
    memset(&lines, 0, sizeof lines);
    if ((rc = sd_dist_load_program_streams(cat, dir, program_id, &d, &runs, &paths, &n, NULL, err)) < 0) return rc;
    if (n == 0) {
        rc = sd_error_set(err, SD_EINVAL, -1,
                          "--perturb=targeted perturbs where the package's unperturbed runs diverge, and the "
                          "catalog has none: collect plain runs first (the same command without --perturb)");
        goto done;
    }
    /* 1. the prefixes (trie nodes) after which two runs did different things */
    for (r = 0; r < n && rc == 0; r++) {
        const sd_cevent *ev = sd_cstream_events(runs[r]);
        size_t len = sd_cstream_len(runs[r]);
        for (i = 0; i < len; i++) {
            uint32_t node = paths[r][i];
            uint64_t k = event_key(runs[r], &ev[i]);
            int64_t at = sd__map_get(&first, node);
            if (at < 0) {
                if (nf == capf) {
                    size_t nc = capf ? capf * 2 : 1024;
                    uint64_t *a = sd__realloc(firsts, nc * sizeof *a);
                    uint8_t *b = a ? sd__realloc(diverges, nc) : NULL;
                    if (a) firsts = a;
                    if (b) diverges = b;
                    if (!a || !b) {
                        rc = SD_ENOMEM;
                        break;
                    }
                    capf = nc;
                }
                firsts[nf] = k;
                diverges[nf] = 0;
                if (sd__map_put(&first, node, (uint32_t)nf++)) {
                    rc = SD_ENOMEM;
                    break;
                }
            } else if (firsts[at] != k) {
                diverges[at] = 1;
            }
        }
    }
    /* 2. the lines of the events around each divergence: the one before,
     * the competing ones and the next few of each run (what the racing
     * goroutines did then: the operations whose order decided it) */
    for (r = 0; r < n && rc == 0; r++) {
        const sd_cevent *ev = sd_cstream_events(runs[r]);
        size_t len = sd_cstream_len(runs[r]), j;
        for (i = 0; i < len && rc == 0; i++) {
            int64_t at = sd__map_get(&first, paths[r][i]);
            if (at < 0 || !diverges[at]) continue;
            for (j = i > 0 ? i - 1 : 0; j < len && j <= i + 3 && rc == 0; j++) {
                uint64_t k;
                if (!ev[j].site.file || !*ev[j].site.file) continue;
                k = line_key(ev[j].site.file, ev[j].site.line);
                if (sd__map_get(&lines, k) < 0) rc = sd__map_put(&lines, k, 1) ? SD_ENOMEM : 0;
            }
        }
    }
    if (rc) {
        rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory finding the divergence lines");
        goto done;
    }
    *nlines = (int64_t)lines.n;
    /* 3. the instrumented sites on those lines (or just before them: the
     * operation a block or wake-up reports may sit a line above) */
    if (!(f = fopen(sites_tsv, "r"))) {
        rc = sd_error_set(err, SD_EIO, -1, "%s: cannot read the instrumented sites", sites_tsv);
        goto done;
    }
    SD__BUF_LIT(&env, "STEPDIST_PERTURB_SITES=");
    while (fgets(buf, sizeof buf, f)) {
        char *tab = strchr(buf, '\t'), *pos, *c1, *c2;
        long id;
        unsigned long line;
        if (!tab || buf[0] < '0' || buf[0] > '9') continue; /* the header */
        id = strtol(buf, NULL, 10);
        pos = tab + 1;
        if (!(tab = strchr(pos, '\t'))) continue;
        *tab = 0;
        if (!(c2 = strrchr(pos, ':'))) continue;
        *c2 = 0;
        if (!(c1 = strrchr(pos, ':'))) continue;
        *c1 = 0;
        line = strtoul(c1 + 1, NULL, 10);
        if (sd__map_get(&lines, line_key(pos, (uint32_t)line)) >= 0 ||
            sd__map_get(&lines, line_key(pos, (uint32_t)line + 1)) >= 0) {
            char num[32];
            snprintf(num, sizeof num, "%s%ld", *nactive ? "," : "", id);
            sd__buf_puts(&env, num);
            (*nactive)++;
        }
    }
    sd__buf_putc(&env, '\0');
    if (env.oom) {
        rc = sd_error_set(err, SD_ENOMEM, -1, "out of memory");
        goto done;
    }
    *env_out = env.p;
    env.p = NULL;
done:
    if (f) fclose(f);
    sd__buf_release(&env);
    sd__map_release(&first);
    sd__map_release(&lines);
    sd__free(firsts);
    sd__free(diverges);
    sd_dist_streams_free(runs, paths, n);
    sd_dist_free(d);
    return rc;
}

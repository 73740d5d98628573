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

int sd__target_sites(sd_catalog *cat, const char *dir, int64_t program_id, const char *sites_tsv,
                     char **env_out, int64_t *nactive, int64_t *nlines, sd_error *err)
{
    sd_dist *d = NULL;
    sd_cstream **runs = NULL;
    uint32_t **paths = NULL;
    size_t n = 0, r, i;
    sd_map lines;  /* line key -> 1 */
    FILE *f = NULL;
    sd_buf env = {0};
    char buf[8192];
    int rc;
    *env_out = NULL;
    *nactive = *nlines = 0;
    memset(&lines, 0, sizeof lines);
    if ((rc = sd_dist_load_program_streams(cat, dir, program_id, &d, &runs, &paths, &n, NULL, err)) < 0) return rc;
    if (n == 0) {
        rc = sd_error_set(err, SD_EINVAL, -1,
                          "--perturb=targeted perturbs where the package's unperturbed runs diverge, and the "
                          "catalog has none: collect plain runs first (the same command without --perturb)");
        goto done;
    }
    /* 1. the lines of the events around each divergence: the one before,
     * the competing ones and the next few of each run (what the racing
     * goroutines did then: the operations whose order decided it) */
    for (r = 0; r < n && rc == 0; r++) {
        const sd_cevent *ev = sd_cstream_events(runs[r]);
        size_t len = sd_cstream_len(runs[r]), j;
        for (i = 0; i < len && rc == 0; i++) {
            /* a trie node with two children: two runs did different things */
            if (sd_dist_node_children(d, paths[r][i]) < 2) continue;
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
    /* 2. the instrumented sites on those lines (or just before them: the
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
    sd__map_release(&lines);
    sd_dist_streams_free(runs, paths, n);
    sd_dist_free(d);
    return rc;
}

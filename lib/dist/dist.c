/*
 * dist.c - the prefix trie of a program's runs and the distributions at
 * its nodes.  A trie edge is a whole canonical event (type, goroutine,
 * reason, site), so two runs share a node exactly when they had the same
 * events so far: the real "same prefix".  A node's next-event
 * distribution is the run counts of its children, projected to the target
 * level.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stepdist/dist.h"
#include "util/util.h"

typedef struct node {
    uint8_t last3[3]; /* state after the prefix: the last three types */
    uint8_t runnable, running, last_running;
    uint32_t visits;  /* runs that reached this prefix */
    uint32_t ends;    /* runs that ended here */
    uint32_t first_child, next_sibling; /* index + 1; 0 = none */
    uint32_t token;   /* the edge from the parent */
    uint32_t depth;
} node;

typedef struct token {
    uint8_t type;
    uint32_t g;      /* interned goroutine name */
    uint32_t label;  /* interned "Type g [reason] func:line" (the full event) */
    uint32_t tg;     /* interned "Type g" (GoCreate: the creator) */
} token;

struct sd_dist {
    char *program;
    sd_strpool names;  /* token texts */
    sd_map tok_index;  /* label id -> token index */
    token *toks;
    size_t ntoks, captoks;
    node *nodes;
    size_t nnodes, capnodes;
    sd_map edges;      /* (parent << 32 | token) -> child */
    int64_t runs, events;
    sd_split_row *splits; /* split mode: each run cut at 25/50/75% */
    size_t nsplits, capsplits;
};

sd_dist *sd_dist_new(const char *program)
{
    sd_dist *d = sd__calloc(1, sizeof *d);
    if (!d) return NULL;
    d->program = sd__strdup(program);
    d->nodes = sd__calloc(64, sizeof *d->nodes);
    if (!d->program || !d->nodes) {
        sd_dist_free(d);
        return NULL;
    }
    d->capnodes = 64;
    d->nnodes = 1; /* the root: the empty prefix */
    return d;
}

void sd_dist_free(sd_dist *d)
{
    if (!d) return;
    sd__free(d->program);
    sd__strpool_release(&d->names);
    sd__map_release(&d->tok_index);
    sd__map_release(&d->edges);
    sd__free(d->toks);
    sd__free(d->nodes);
    sd__free(d->splits);
    sd__free(d);
}

static int64_t intern(sd_dist *d, const char *s) { return sd__strpool_intern(&d->names, s, strlen(s)); }

static int64_t token_of(sd_dist *d, const sd_cstream *s, const sd_cevent *e)
{
    char buf[2048];
    const char *g = sd_cstream_goroutine(s, e->g)->name;
    int64_t label, gid, tg, t;
    const char *slash = strrchr(e->site.file, '/');
    if (*e->site.file)
        snprintf(buf, sizeof buf, "%s %s%s%s%s %s:%u", sd_cev_type_name(e->type), g,
                 *e->reason ? " [" : "", e->reason, *e->reason ? "]" : "",
                 slash ? slash + 1 : e->site.file, e->site.line);
    else
        snprintf(buf, sizeof buf, "%s %s%s%s%s -", sd_cev_type_name(e->type), g,
                 *e->reason ? " [" : "", e->reason, *e->reason ? "]" : "");
    if ((label = intern(d, buf)) < 0) return -1;
    t = sd__map_get(&d->tok_index, (uint64_t)label);
    if (t >= 0) return t;
    if ((gid = intern(d, g)) < 0) return -1;
    /* the type+g level: who acts; for GoCreate the creator (the new
     * goroutine does not exist before the event), as eval's type+g level */
    if (e->type == SD_CEV_CREATE && e->actor != SD_NO_GOR) g = sd_cstream_goroutine(s, e->actor)->name;
    snprintf(buf, sizeof buf, "%s %s", sd_cev_type_name(e->type), g);
    if ((tg = intern(d, buf)) < 0) return -1;
    if (d->ntoks == d->captoks) {
        size_t cap = d->captoks ? d->captoks * 2 : 64;
        token *nv = sd__realloc(d->toks, cap * sizeof *nv);
        if (!nv) return -1;
        d->toks = nv;
        d->captoks = cap;
    }
    d->toks[d->ntoks].type = e->type;
    d->toks[d->ntoks].g = (uint32_t)gid;
    d->toks[d->ntoks].label = (uint32_t)label;
    d->toks[d->ntoks].tg = (uint32_t)tg;
    if (sd__map_put(&d->tok_index, (uint64_t)label, (uint32_t)d->ntoks) != 0) return -1;
    return (int64_t)d->ntoks++;
}

static int64_t child(sd_dist *d, uint32_t parent, uint32_t tok)
{
    uint64_t key = (uint64_t)parent << 32 | tok;
    int64_t c = sd__map_get(&d->edges, key);
    node *n;
    if (c >= 0) return c;
    if (d->nnodes == d->capnodes) {
        size_t cap = d->capnodes * 2;
        node *nv = sd__realloc(d->nodes, cap * sizeof *nv);
        if (!nv) return -1;
        d->nodes = nv;
        d->capnodes = cap;
    }
    c = (int64_t)d->nnodes++;
    n = &d->nodes[c];
    memset(n, 0, sizeof *n);
    n->token = tok;
    n->depth = d->nodes[parent].depth + 1;
    /* append to the parent's children, keeping first-appearance order */
    if (!d->nodes[parent].first_child) {
        d->nodes[parent].first_child = (uint32_t)c + 1;
    } else {
        uint32_t k = d->nodes[parent].first_child - 1;
        while (d->nodes[k].next_sibling) k = d->nodes[k].next_sibling - 1;
        d->nodes[k].next_sibling = (uint32_t)c + 1;
    }
    if (sd__map_put(&d->edges, key, (uint32_t)c) != 0) return -1;
    return c;
}

enum { ST_UNKNOWN = 0, ST_RUNNABLE, ST_RUNNING, ST_WAITING, ST_ENDED };

static uint8_t cap8(uint32_t v, uint32_t max) { return (uint8_t)(v > max ? max : v); }

int sd_dist_add_run(sd_dist *d, const sd_cstream *s, sd_error *err)
{
    return sd_dist_add_run_path(d, s, NULL, err);
}

int sd_dist_add_run_path(sd_dist *d, const sd_cstream *s, uint32_t *path, sd_error *err)
{
    const sd_cevent *ev = sd_cstream_events(s);
    size_t i, n = sd_cstream_len(s), ng = sd_cstream_ngoroutines(s);
    uint32_t cur = 0, runnable = 0, running = 0;
    uint8_t *st = sd__calloc(ng ? ng : 1, 1);
    if (!st) return sd_error_set(err, SD_ENOMEM, -1, "out of memory building the prefix trie");
    size_t cut[3];
    int si;
    for (si = 0; si < 3; si++) cut[si] = n * (size_t)(si + 1) / 4; /* 25, 50, 75% */
    d->nodes[0].visits++;
    if (d->nodes[0].visits == 1) memset(d->nodes[0].last3, 255, 3);
    if (path) path[0] = 0;
    for (i = 0; i <= n; i++) {
        /* split mode: the state after the first cut[si] events and the
         * event that came next */
        for (si = 0; si < 3; si++) {
            sd_split_row *row;
            if (cut[si] != i || i == n) continue;
            if (d->nsplits == d->capsplits) {
                size_t cap = d->capsplits ? d->capsplits * 2 : 64;
                sd_split_row *nv = sd__realloc(d->splits, cap * sizeof *nv);
                if (!nv) {
                    sd__free(st);
                    return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
                }
                d->splits = nv;
                d->capsplits = cap;
            }
            row = &d->splits[d->nsplits++];
            memset(row, 0, sizeof *row);
            row->split = (uint8_t)(si + 1);
            row->run = (uint32_t)d->runs;
            row->next_type = ev[i].type;
            memcpy(row->state.last3, d->nodes[cur].last3, 3);
            row->state.last_type = d->nodes[cur].last3[0];
            row->state.runnable = cap8(runnable, 255);
            row->state.running = cap8(running, 255);
            row->state.last_running = d->nodes[cur].last_running;
            row->state.depth = (uint32_t)i;
            row->state.split = row->split;
            row->state.node = row->run;
        }
        if (i == n) break;
        int64_t t = token_of(d, s, &ev[i]), c;
        uint8_t *g = &st[ev[i].g], to;
        if (t < 0 || (c = child(d, cur, (uint32_t)t)) < 0) {
            sd__free(st);
            return sd_error_set(err, SD_ENOMEM, -1, "out of memory building the prefix trie");
        }
        /* the scheduler state after this event */
        switch (ev[i].type) {
        case SD_CEV_CREATE: case SD_CEV_UNBLOCK: case SD_CEV_SCHED: to = ST_RUNNABLE; break;
        case SD_CEV_START: to = ST_RUNNING; break;
        case SD_CEV_BLOCK: to = ST_WAITING; break;
        default: to = ST_ENDED; break;
        }
        if (*g == ST_RUNNABLE) runnable--;
        if (*g == ST_RUNNING) running--;
        *g = to;
        if (to == ST_RUNNABLE) runnable++;
        if (to == ST_RUNNING) running++;
        if (d->nodes[c].visits == 0) { /* a new node: its state is this run's */
            node *nd = &d->nodes[c];
            nd->last3[0] = ev[i].type;
            nd->last3[1] = d->nodes[cur].last3[0];
            nd->last3[2] = d->nodes[cur].last3[1];
            nd->runnable = cap8(runnable, 255);
            nd->running = cap8(running, 255);
            nd->last_running = to == ST_RUNNING;
        }
        cur = (uint32_t)c;
        d->nodes[cur].visits++;
        if (path) path[i + 1] = cur;
    }
    sd__free(st);
    d->nodes[cur].ends++;
    d->runs++;
    d->events += (int64_t)n;
    return 0;
}

int sd_dist_points(const sd_dist *d, int min_runs, sd_dpoint **out, size_t *nout, sd_error *err)
{
    size_t i, n = 0;
    sd_dpoint *v = NULL;
    *out = NULL;
    *nout = 0;
    for (i = 0; i < d->nnodes; i++)
        n += d->nodes[i].visits >= (uint32_t)(min_runs > 0 ? min_runs : 1) && d->nodes[i].first_child;
    if (n == 0) return 0;
    v = sd__malloc(n * sizeof *v);
    if (!v) return sd_error_set(err, SD_ENOMEM, -1, "out of memory");
    n = 0;
    for (i = 0; i < d->nnodes; i++) {
        const node *nd = &d->nodes[i];
        sd_dpoint *p;
        uint32_t k;
        if (nd->visits < (uint32_t)(min_runs > 0 ? min_runs : 1) || !nd->first_child) continue;
        p = &v[n++];
        memset(p, 0, sizeof *p);
        for (k = nd->first_child; k; k = d->nodes[k - 1].next_sibling)
            p->counts[d->toks[d->nodes[k - 1].token].type] += d->nodes[k - 1].visits;
        p->runs = nd->visits;
        p->depth = nd->depth;
        p->node = (uint32_t)i;
        memcpy(p->last3, nd->last3, 3);
        p->last_type = nd->last3[0];
        p->runnable = nd->runnable;
        p->running = nd->running;
        p->last_running = nd->last_running;
    }
    *out = v;
    *nout = n;
    return 0;
}

void sd_dist_points_free(sd_dpoint *p) { sd__free(p); }

uint32_t sd_dist_node_children(const sd_dist *d, uint32_t nd)
{
    uint32_t k, n = 0;
    if (nd >= d->nnodes) return 0;
    for (k = d->nodes[nd].first_child; k; k = d->nodes[k - 1].next_sibling) n++;
    return n;
}

uint32_t sd_dist_node_runs(const sd_dist *d, uint32_t nd, int *has_next)
{
    if (nd >= d->nnodes) {
        if (has_next) *has_next = 0;
        return 0;
    }
    if (has_next) *has_next = d->nodes[nd].first_child != 0;
    return d->nodes[nd].visits;
}

int sd_point_mode_parse(const char *s)
{
    return !strcmp(s, "prefix") ? SD_POINTS_PREFIX : !strcmp(s, "own") ? SD_POINTS_OWN
         : !strcmp(s, "paper") ? SD_POINTS_PAPER : -1;
}

void sd_point_name(sd_point_mode mode, const sd_dpoint *p, char *buf, size_t cap)
{
    if (mode == SD_POINTS_PREFIX) snprintf(buf, cap, "node:%u", p->node);
    else if (mode == SD_POINTS_OWN) snprintf(buf, cap, "split:%u:run:%u", p->split, p->node);
    else snprintf(buf, cap, "split:%u", p->split);
}

const sd_split_row *sd_dist_split_rows(const sd_dist *d, size_t *n)
{
    *n = d->nsplits;
    return d->splits;
}

static void put_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20) fprintf(f, "\\u%04x", *s);
        else fputc(*s, f);
    }
    fputc('"', f);
}

int sd_dist_write_jsonl(const sd_dist *d, int min_runs, FILE *f, sd_dist_summary *sum,
                        sd_error *err)
{
    size_t i;
    double entropy_sum = 0;
    memset(sum, 0, sizeof *sum);
    sum->runs = d->runs;
    sum->events = d->events;
    sum->nodes = (int64_t)d->nnodes;
    for (i = 0; i < d->nnodes; i++) sum->sequences += d->nodes[i].ends > 0;
    /* nodes are numbered in insertion order, which is a depth-first order of
     * first appearance for the first run and stable for the same input */
    for (i = 0; i < d->nnodes; i++) {
        const node *nd = &d->nodes[i];
        uint32_t types[SD_CEV_NTYPES] = {0}, k, nchild = 0, total = 0;
        int t;
        double h = 0;
        if (nd->visits < (uint32_t)(min_runs > 0 ? min_runs : 1) || !nd->first_child) continue;
        for (k = nd->first_child; k; k = d->nodes[k - 1].next_sibling) {
            types[d->toks[d->nodes[k - 1].token].type] += d->nodes[k - 1].visits;
            total += d->nodes[k - 1].visits;
            nchild++;
        }
        for (t = 0; t < SD_CEV_NTYPES; t++)
            if (types[t]) h -= (double)types[t] / total * log((double)types[t] / total);
        entropy_sum += h;
        {
            int bucket = nd->depth < 8 ? 0 : nd->depth < 32 ? 1 : nd->depth < 128 ? 2 : 3;
            sum->depth_entropy[bucket] += h;
            sum->depth_points[bucket]++;
        }
        sum->points++;
        sum->divergent += nchild > 1;
        fprintf(f, "{\"program\":");
        put_json_str(f, d->program);
        fprintf(f, ",\"node\":%zu,\"depth\":%u,\"runs\":%u,\"next_runs\":%u,\"divergent\":%s,"
                   "\"types\":[",
                i, nd->depth, nd->visits, total, nchild > 1 ? "true" : "false");
        for (t = 0; t < SD_CEV_NTYPES; t++) fprintf(f, "%s%u", t ? "," : "", types[t]);
        /* the Dirichlet posterior mean beside the counts (alpha 0.5) */
        fprintf(f, "],\"posterior\":[");
        for (t = 0; t < SD_CEV_NTYPES; t++)
            fprintf(f, "%s%.6g", t ? "," : "", ((double)types[t] + 0.5) / ((double)total + 0.5 * SD_CEV_NTYPES));
        fprintf(f, "],\"entropy\":%.6g,\"next\":{", h);
        for (k = nd->first_child; k; k = d->nodes[k - 1].next_sibling) {
            const token *tk = &d->toks[d->nodes[k - 1].token];
            if (k != nd->first_child) fputc(',', f);
            put_json_str(f, d->names.ptrs[tk->label]);
            fprintf(f, ":%u", d->nodes[k - 1].visits);
        }
        /* the type+g level: the children's counts summed by "Type g", in
         * order of first appearance (a node has few children) */
        fprintf(f, "},\"type_g\":{");
        for (k = nd->first_child; k; k = d->nodes[k - 1].next_sibling) {
            uint32_t tg = d->toks[d->nodes[k - 1].token].tg, k2, c = 0;
            for (k2 = nd->first_child; k2 != k; k2 = d->nodes[k2 - 1].next_sibling)
                if (d->toks[d->nodes[k2 - 1].token].tg == tg) break;
            if (k2 != k) continue; /* counted at its first appearance */
            for (k2 = k; k2; k2 = d->nodes[k2 - 1].next_sibling)
                if (d->toks[d->nodes[k2 - 1].token].tg == tg) c += d->nodes[k2 - 1].visits;
            if (k != nd->first_child) fputc(',', f);
            put_json_str(f, d->names.ptrs[tg]);
            fprintf(f, ":%u", c);
        }
        fprintf(f, "}}\n");
    }
    sum->mean_entropy = sum->points ? entropy_sum / (double)sum->points : 0;
    for (i = 0; i < 4; i++)
        if (sum->depth_points[i]) sum->depth_entropy[i] /= (double)sum->depth_points[i];
    if (ferror(f)) return sd_error_set(err, SD_EIO, -1, "writing the distributions failed");
    return 0;
}

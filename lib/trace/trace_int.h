/*
 * trace_int.h - internals of the trace reader shared by its files:
 * the wire-format spec table, one generation's tables, the input stream,
 * and the ordering state machine (a port of Go's internal/trace/order.go).
 */
#ifndef STEPDIST_TRACE_INT_H
#define STEPDIST_TRACE_INT_H

#include "stepdist/trace.h"
#include "../util/util.h"

/* ---- format constants (go122) ---- */
#define SD__MAX_BATCH_SIZE (64u << 10)
#define SD__MAX_FRAMES 128u
#define SD__MAX_STRING 1024u
#define SD__NSPECS 137 /* len(go122.Specs()) */

/* go122 status values on the wire */
enum { SD__G_BAD = 0, SD__G_RUNNABLE, SD__G_RUNNING, SD__G_SYSCALL, SD__G_WAITING };
enum { SD__P_BAD = 0, SD__P_RUNNING, SD__P_IDLE, SD__P_SYSCALL, SD__P_SYSCALL_ABANDONED };

typedef struct sd__spec {
    const char *name;      /* NULL: no such type */
    uint8_t nargs;         /* len(spec.Args), timestamp included */
    uint8_t timed, has_data, is_stack, experiment;
    uint8_t start_ev;      /* for range ends: the begin type */
    int8_t stack_ids[2];   /* 1-based positions in Args, main stack first */
    int8_t string_ids[2];
    uint8_t nstack, nstring;
    const char *args[6];
} sd__spec;

extern const sd__spec sd__specs[SD__NSPECS];

static inline const sd__spec *sd__spec_of(unsigned type)
{
    return type < SD__NSPECS ? &sd__specs[type] : NULL;
}

/* ---- input stream: a FILE or a memory block, with byte offsets ---- */
typedef struct sd__input {
    FILE *f;
    int own_f;
    const uint8_t *mem;
    size_t memlen;
    uint8_t *buf;
    size_t bufcap;
    size_t bpos, blen;
    int64_t off;  /* offset of the next byte to be consumed */
    int eof, ioerr;
} sd__input;

int sd__input_init_file(sd__input *in, FILE *f, int own);
int sd__input_init_mem(sd__input *in, const void *data, size_t len);
void sd__input_release(sd__input *in);
/* Reads and checks the "go 1.NN trace" header; stores NN. */
int sd__input_header(sd__input *in, const char *name, int *version, sd_error *err);

/* ---- one generation ---- */
typedef struct sd__batch {
    int64_t m;
    uint64_t time;
    const uint8_t *data;
    size_t len;
    int64_t off; /* file offset of data[0] */
} sd__batch;

typedef struct sd__mbatches {
    int64_t m;
    sd__batch *v;
    size_t n, cap;
} sd__mbatches;

typedef struct sd__cpusample {
    int64_t time;
    int64_t m, p, g;
    uint64_t stack;
} sd__cpusample;

typedef struct sd__pcframe {
    uint64_t pc, func_id, file_id, line;
} sd__pcframe;

typedef struct sd__stackent {
    uint64_t id;
    const uint64_t *pcs;
    size_t n;
    sd_frame *frames; /* resolved when the generation is complete */
    char *text;       /* Go-format text of the frames, cached by the printer */
    size_t text_len;
} sd__stackent;

typedef struct sd__strent {
    uint64_t id;
    sd_str s;
} sd__strent;

struct sd_trace_gen {
    uint64_t gen;
    double freq; /* ns per tick; 0 = no Frequency batch seen */
    sd_arena arena;

    sd__strent *strs;
    size_t nstrs, capstrs;
    sd_map str_index;
    sd_str *str_dense; /* id -> string, ptr NULL when absent */
    size_t str_dense_n;

    sd__stackent *stks;
    size_t nstks, capstks;
    sd_map stk_index;
    uint32_t *stk_dense; /* id -> index + 1, 0 when absent */
    size_t stk_dense_n;

    sd__pcframe *pcs;
    size_t npcs, cappcs;
    sd_map pc_index;

    sd__cpusample *cpu;
    size_t ncpu, capcpu;

    sd__mbatches *ms;
    size_t nms, capms;
    sd_map m_index;

    int has_exp_data[256];
    const sd_strpool *extra; /* the reader's persistent strings */
    size_t bytes;            /* batch bytes held */
};

int sd__gen_str_slow(const struct sd_trace_gen *g, uint64_t id, sd_str *out);
const sd__stackent *sd__gen_stack_slow(const struct sd_trace_gen *g, uint64_t id, int *ok);

/* Looks up string id of generation g (0 is ""); 1 found, 0 unknown. */
static inline int sd__gen_str(const struct sd_trace_gen *g, uint64_t id, sd_str *out)
{
    if (g->str_dense && id < g->str_dense_n && g->str_dense[id].ptr) {
        *out = g->str_dense[id];
        return 1;
    }
    return sd__gen_str_slow(g, id, out);
}

/* Looks up stack id (0: no stack, returns NULL with *ok = 1). */
static inline const sd__stackent *sd__gen_stack(const struct sd_trace_gen *g, uint64_t id,
                                                int *ok)
{
    if (g->stk_dense && id && id < g->stk_dense_n && g->stk_dense[id]) {
        *ok = 1;
        return &g->stks[g->stk_dense[id] - 1];
    }
    return sd__gen_stack_slow(g, id, ok);
}

/* ---- ordering ---- */
#define SD__DENSE_G ((int64_t)1 << 22) /* goroutine ids below this index an array */
typedef struct sd__seq {
    uint64_t gen, seq;
} sd__seq;

typedef struct sd__range {
    uint8_t typ;
    uint64_t desc;
} sd__range;

typedef struct sd__ranges {
    sd__range *v;
    size_t n, cap;
} sd__ranges;

typedef struct sd__region {
    uint64_t task;
    int64_t name; /* interned */
} sd__region;

typedef struct sd__gstate {
    int64_t id;
    uint8_t status;
    sd__seq seq;
    sd__region *regions;
    size_t nregions, capregions;
    sd__ranges ranges;
    uint32_t next_free;
} sd__gstate;

typedef struct sd__pstate {
    int64_t id;
    uint8_t status;
    sd__seq seq;
    sd__ranges ranges;
} sd__pstate;

typedef struct sd__mstate {
    int64_t id;
    int64_t g, p;
} sd__mstate;

typedef struct sd__task {
    uint64_t id;
    uint64_t parent;
    int64_t name; /* interned */
} sd__task;

typedef struct sd__order {
    sd__gstate *gs;
    size_t ngs, capgs;
    uint32_t gfree; /* free list head (index + 1) */
    sd_map g_index;  /* ids >= SD__DENSE_G */
    uint32_t *g_dense; /* id -> slot + 1 for small ids */
    size_t g_dense_n;

    sd__pstate *ps;
    size_t nps, capps;
    sd_map p_index;
    uint32_t p_dense[64]; /* id -> index + 1 for ids < 64 */

    sd__mstate *mst;
    size_t nmst, capmst;
    sd_map m_index;

    sd__task *tasks;
    size_t ntasks, captasks;
    sd_map task_index;

    uint64_t gc_seq;
    int gc_state; /* 0 undetermined, 1 not running, 2 running */
    uint64_t initial_gen;

    sd_event *q; /* ring buffer, capacity a power of two */
    size_t qcap, qstart, qend;
    /* When set, the first event pushed onto an empty queue is written
     * here instead (the caller's event: saves a copy per event). */
    sd_event *direct;
    int direct_used;

    sd_strpool *names; /* interned region/task names and extra strings */
} sd__order;

/* Result of advancing: 1 advanced, 0 cannot advance yet, <0 error (err set). */
/* mhint caches the thread's state slot between calls (start it at 0). */
int sd__order_advance(sd__order *o, sd_event *ev, const struct sd_trace_gen *tab,
                      int64_t m, uint32_t *mhint, uint64_t gen, const char *name,
                      sd_error *err);
/* Pops the next ordered event into *ev; 1 popped, 0 queue empty. */
static inline int sd__order_next(sd__order *o, sd_event *ev)
{
    if (o->qend == o->qstart) return 0;
    *ev = o->q[o->qstart & (o->qcap - 1)];
    o->qstart++;
    if (o->qstart == o->qend) o->qstart = o->qend = 0;
    return 1;
}
void sd__order_release(sd__order *o);

/* ---- the reader ---- */
typedef struct sd__cursor {
    int64_t m;
    size_t mi;    /* index into gen->ms */
    size_t bi;    /* batch index */
    size_t off;   /* offset in batch data */
    int64_t last_ts;
    uint32_t mhint; /* the ordering's slot for this thread, + 1 */
    sd_event ev;
} sd__cursor;

struct sd_trace {
    char *name;
    int version;
    sd_trace_opts opts;
    sd__input in;

    struct sd_trace_gen *gen;   /* current generation */
    struct sd_trace_gen *spare; /* recycled generation */
    /* the first batch of the next generation, read ahead */
    int have_spill;
    uint64_t spill_gen;
    sd__batch spill;
    uint8_t spill_exp;
    uint8_t *spill_buf;
    sd_error spill_err; /* error met after the current generation's batches */
    int has_spill_err;

    sd__cursor *cursors;
    sd__cursor **frontier;
    size_t nfrontier, capfrontier;

    sd__cpusample *cpu_next; /* pending samples of this generation */
    size_t ncpu_left;

    sd__order order;
    sd_strpool pool;
    int64_t last_ts;
    int emitted_sync;
    int done;
    sd_error sticky; /* error returned on every call after the first */
    int failed;
    sd_trace_stats stats;
};

/* Generations (gen.c).  sd__read_generation reads the next generation into
 * t->gen: 1 read, 0 clean end of trace, <0 error. */
struct sd_trace_gen *sd__gen_new(void);
void sd__gen_reset(struct sd_trace_gen *g);
void sd__gen_free(struct sd_trace_gen *g);
int sd__read_generation(struct sd_trace *t, sd_error *err);

#endif

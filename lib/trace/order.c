/*
 * order.c - the scheduler state machine that puts events in order and
 * validates them: a line-by-line port of Go's internal/trace/order.go
 * (Go 1.23).  advance() says whether an event can happen next given the
 * states of goroutines, procs and threads; the reader tries the earliest
 * event of each thread until one can.  Keep this file in step with Go's:
 * the differential tests compare the results event by event.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_int.h"

typedef struct ctx {
    int64_t g, p, m;
} ctx;

enum { MUST_NOT = 0, MUST = 1, MAY = 2 };

#define EV_NAME (sd_event_type_name(ev->type))

/* Reports an ordering error with the trace name and the event's offset. */
static int fail(sd_error *err, const sd_event *ev, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(sd_error *err, const sd_event *ev, const char *name, const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (ev->offset >= 0)
        return sd_error_set(err, SD_EBROKEN, ev->offset,
                            "%s: offset %lld: broken trace at %s event (generation %llu): %s",
                            name, (long long)ev->offset, sd_event_type_name(ev->type),
                            (unsigned long long)ev->gen, msg);
    return sd_error_set(err, SD_EBROKEN, -1, "%s: broken trace at %s event (generation %llu): %s",
                        name, sd_event_type_name(ev->type), (unsigned long long)ev->gen, msg);
}

static int validate_ctx(ctx c, int thread, int proc, int gor, const char **why)
{
    if (thread == MUST && c.m == SD_NO_THREAD) { *why = "expected a thread but didn't have one"; return 0; }
    if (thread == MUST_NOT && c.m != SD_NO_THREAD) { *why = "expected no thread but had one"; return 0; }
    if (proc == MUST && c.p == SD_NO_PROC) { *why = "expected a proc but didn't have one"; return 0; }
    if (proc == MUST_NOT && c.p != SD_NO_PROC) { *why = "expected no proc but had one"; return 0; }
    if (gor == MUST && c.g == SD_NO_GOROUTINE) { *why = "expected a goroutine but didn't have one"; return 0; }
    if (gor == MUST_NOT && c.g != SD_NO_GOROUTINE) { *why = "expected no goroutine but had one"; return 0; }
    return 1;
}

#define VALIDATE(c, t_, p_, g_)                                   \
    do {                                                          \
        const char *why_;                                         \
        if (!validate_ctx((c), (t_), (p_), (g_), &why_))          \
            return fail(err, ev, name, "%s", why_);               \
    } while (0)


static int seq_succeeds(sd__seq a, sd__seq b) { return a.gen == b.gen && a.seq == b.seq + 1; }
static sd__seq mkseq(uint64_t gen, uint64_t seq)
{
    sd__seq s;
    s.gen = gen;
    s.seq = seq;
    return s;
}

static const char *gstatus_name(unsigned s)
{
    switch (s) {
    case SD__G_RUNNABLE: return "Runnable";
    case SD__G_RUNNING: return "Running";
    case SD__G_SYSCALL: return "Syscall";
    case SD__G_WAITING: return "Waiting";
    }
    return "Bad";
}

static const char *pstatus_name(unsigned s)
{
    switch (s) {
    case SD__P_RUNNING: return "Running";
    case SD__P_IDLE: return "Idle";
    case SD__P_SYSCALL: return "Syscall";
    }
    return "Bad";
}

/* go122GoStatus2GoState / go122ProcStatus2ProcState */
static const uint8_t gstatus2state[5] = {0, SD_GO_RUNNABLE, SD_GO_RUNNING, SD_GO_SYSCALL,
                                         SD_GO_WAITING};
static const uint8_t pstatus2state[5] = {0, SD_PROC_RUNNING, SD_PROC_IDLE, SD_PROC_RUNNING,
                                         SD_PROC_IDLE};

/* ---- state tables ---- */

static sd__gstate *gget(sd__order *o, int64_t id)
{
    int64_t i;
    if (id >= 0 && id < SD__DENSE_G) {
        if ((size_t)id >= o->g_dense_n || o->g_dense[id] == 0) return NULL;
        return &o->gs[o->g_dense[id] - 1];
    }
    i = sd__map_get(&o->g_index, (uint64_t)id);
    return i < 0 ? NULL : &o->gs[i];
}

/* Records id -> slot; 0 or SD_ENOMEM. */
static int gindex_put(sd__order *o, int64_t id, uint32_t slot)
{
    if (id >= 0 && id < SD__DENSE_G) {
        if ((size_t)id >= o->g_dense_n) {
            size_t n = o->g_dense_n ? o->g_dense_n : 1024;
            uint32_t *nd;
            while (n <= (size_t)id) n *= 2;
            nd = sd__realloc(o->g_dense, n * sizeof *nd);
            if (!nd) return SD_ENOMEM;
            memset(nd + o->g_dense_n, 0, (n - o->g_dense_n) * sizeof *nd);
            o->g_dense = nd;
            o->g_dense_n = n;
        }
        o->g_dense[id] = slot + 1;
        return 0;
    }
    return sd__map_put(&o->g_index, (uint64_t)id, slot);
}

static sd__gstate *gadd(sd__order *o, int64_t id, uint8_t status, sd__seq seq)
{
    uint32_t slot;
    sd__gstate *s;
    if (o->gfree) {
        slot = o->gfree - 1;
        o->gfree = o->gs[slot].next_free;
    } else {
        if (o->ngs == o->capgs) {
            size_t cap = o->capgs ? o->capgs * 2 : 64;
            sd__gstate *nv = sd__realloc(o->gs, cap * sizeof *nv);
            if (!nv) return NULL;
            o->gs = nv;
            o->capgs = cap;
        }
        slot = (uint32_t)o->ngs++;
    }
    s = &o->gs[slot];
    memset(s, 0, sizeof *s);
    s->id = id;
    s->status = status;
    s->seq = seq;
    if (gindex_put(o, id, slot) != 0) return NULL;
    return s;
}

static void gdel(sd__order *o, int64_t id)
{
    sd__gstate *s = gget(o, id);
    size_t i;
    if (!s) return;
    i = (size_t)(s - o->gs);
    sd__free(s->regions);
    sd__free(s->ranges.v);
    memset(s, 0, sizeof *s);
    s->next_free = o->gfree;
    o->gfree = (uint32_t)i + 1;
    if (id >= 0 && id < SD__DENSE_G) o->g_dense[id] = 0;
    else sd__map_del(&o->g_index, (uint64_t)id);
}

static sd__pstate *pget(sd__order *o, int64_t id)
{
    int64_t i;
    if (id >= 0 && id < 64) return o->p_dense[id] ? &o->ps[o->p_dense[id] - 1] : NULL;
    i = sd__map_get(&o->p_index, (uint64_t)id);
    return i < 0 ? NULL : &o->ps[i];
}

static sd__pstate *padd(sd__order *o, int64_t id, uint8_t status, sd__seq seq)
{
    sd__pstate *s;
    if (o->nps == o->capps) {
        size_t cap = o->capps ? o->capps * 2 : 16;
        sd__pstate *nv = sd__realloc(o->ps, cap * sizeof *nv);
        if (!nv) return NULL;
        o->ps = nv;
        o->capps = cap;
    }
    s = &o->ps[o->nps];
    memset(s, 0, sizeof *s);
    s->id = id;
    s->status = status;
    s->seq = seq;
    if (id >= 0 && id < 64) o->p_dense[id] = (uint32_t)o->nps + 1;
    else if (sd__map_put(&o->p_index, (uint64_t)id, (uint32_t)o->nps) != 0) return NULL;
    o->nps++;
    return s;
}

static sd__mstate *mget(sd__order *o, int64_t id)
{
    int64_t i = sd__map_get(&o->m_index, (uint64_t)id);
    return i < 0 ? NULL : &o->mst[i];
}

static sd__mstate *madd(sd__order *o, int64_t id, int64_t g, int64_t p)
{
    sd__mstate *s;
    if (o->nmst == o->capmst) {
        size_t cap = o->capmst ? o->capmst * 2 : 16;
        sd__mstate *nv = sd__realloc(o->mst, cap * sizeof *nv);
        if (!nv) return NULL;
        o->mst = nv;
        o->capmst = cap;
    }
    s = &o->mst[o->nmst];
    s->id = id;
    s->g = g;
    s->p = p;
    if (sd__map_put(&o->m_index, (uint64_t)id, (uint32_t)o->nmst) != 0) return NULL;
    o->nmst++;
    return s;
}

/* ---- the event queue ---- */

/* Doubles the ring (capacity stays a power of two); 0 or SD_ENOMEM. */
static int qgrow(sd__order *o)
{
    size_t cap = o->qcap ? o->qcap * 2 : 8, i, n = o->qend - o->qstart;
    sd_event *nq = sd__malloc(cap * sizeof *nq);
    if (!nq) return SD_ENOMEM;
    for (i = 0; i < n; i++) nq[i] = o->q[(o->qstart + i) & (o->qcap - 1)];
    sd__free(o->q);
    o->q = nq;
    o->qcap = cap;
    o->qstart = 0;
    o->qend = n;
    return 0;
}

/* Reserves the next queue slot; NULL on OOM. */
static inline sd_event *qslot(sd__order *o)
{
    if (o->direct && !o->direct_used && o->qend == o->qstart) {
        o->direct_used = 1;
        return o->direct;
    }
    if (o->qend - o->qstart == o->qcap && qgrow(o) != 0) return NULL;
    return &o->q[o->qend++ & (o->qcap - 1)];
}


#define PUSH_CTX(ev_, c_)                                                   \
    do {                                                                    \
        sd_event *pe_ = qslot(o);                                           \
        if (!pe_) return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name); \
        *pe_ = *(ev_);                                                      \
        pe_->g = (c_).g;                                                    \
        pe_->p = (c_).p;                                                    \
        pe_->m = (c_).m;                                                    \
    } while (0)

/* makeEvent: a synthesised event sharing ev's time and table. */
static sd_event make_event(const sd_event *ev, uint8_t type, uint64_t a0, uint64_t a1)
{
    sd_event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.time = ev->time;
    e.gen = ev->gen;
    e.tab = ev->tab;
    e.offset = ev->offset;
    e.args[0] = a0;
    e.args[1] = a1;
    return e;
}

/* extra(): the argument slots after the wire arguments. */
static uint64_t *extra(sd_event *ev) { return &ev->args[sd__specs[ev->type].nargs - 1]; }

/* ---- ranges ---- */

static uint8_t range_type(uint8_t typ)
{
    uint8_t s = sd__specs[typ].start_ev;
    return s ? s : typ;
}

static int ranges_has(const sd__ranges *r, uint8_t typ, uint64_t desc)
{
    size_t i;
    for (i = 0; i < r->n; i++)
        if (r->v[i].typ == typ && r->v[i].desc == desc) return 1;
    return 0;
}

static int ranges_add(sd__ranges *r, uint8_t typ, uint64_t desc)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 4;
        sd__range *nv = sd__realloc(r->v, cap * sizeof *nv);
        if (!nv) return SD_ENOMEM;
        r->v = nv;
        r->cap = cap;
    }
    r->v[r->n].typ = typ;
    r->v[r->n].desc = desc;
    r->n++;
    return 0;
}

/* ---- advance ---- */

int sd__order_advance(sd__order *o, sd_event *ev, const struct sd_trace_gen *tab, int64_t m,
                      uint32_t *mhint, uint64_t gen, const char *name, sd_error *err)
{
    ctx cur, nw;
    sd__mstate *ms = NULL;
    sd__gstate *gs;
    sd__pstate *ps;

    if (o->initial_gen == 0) o->initial_gen = gen;
    ev->tab = tab;
    ev->gen = gen;
    cur.m = m;
    if (m == SD_NO_THREAD) {
        cur.p = SD_NO_PROC;
        cur.g = SD_NO_GOROUTINE;
    } else {
        if (*mhint && o->mst[*mhint - 1].id == m) ms = &o->mst[*mhint - 1];
        else ms = mget(o, m);
        if (!ms) {
            ms = madd(o, m, SD_NO_GOROUTINE, SD_NO_PROC);
            if (!ms) return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
        }
        *mhint = (uint32_t)(ms - o->mst) + 1;
        cur.p = ms->p;
        cur.g = ms->g;
    }
    nw = cur;

    switch (ev->type) {
    case SD_EV_ProcStatus: {
        int64_t pid = (int64_t)ev->args[0];
        uint64_t status = ev->args[1];
        uint8_t old;
        if (status >= 5) return fail(err, ev, name, "invalid status for proc %lld: %llu", (long long)pid, (unsigned long long)status);
        old = pstatus2state[status];
        ps = pget(o, pid);
        if (ps) {
            if (status == SD__P_SYSCALL_ABANDONED && ps->status == SD__P_SYSCALL) {
                old = SD_PROC_RUNNING;
                ev->args[1] = SD__P_SYSCALL;
            } else if (status == SD__P_SYSCALL_ABANDONED && ps->status == SD__P_SYSCALL_ABANDONED) {
                old = SD_PROC_IDLE;
                ev->args[1] = SD__P_SYSCALL_ABANDONED;
            } else if (ps->status != status) {
                return fail(err, ev, name, "inconsistent status for proc %lld: old %s vs. new %s",
                            (long long)pid, pstatus_name(ps->status), pstatus_name((unsigned)status));
            }
            ps->seq = mkseq(gen, 0);
        } else {
            if (!padd(o, pid, (uint8_t)status, mkseq(gen, 0)))
                return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
            old = gen == o->initial_gen ? SD_PROC_UNDETERMINED : SD_PROC_NOTEXIST;
        }
        extra(ev)[0] = old;
        if (status == SD__P_RUNNING || status == SD__P_SYSCALL) nw.p = pid;
        if (status == SD__P_SYSCALL_ABANDONED && old == SD_PROC_RUNNING) {
            /* Go walks its map of threads; the last match wins.  There is
             * at most one thread bound to a proc in a valid trace. */
            size_t i;
            int found = 0;
            for (i = 0; i < o->nmst; i++) {
                if (o->mst[i].p == pid) {
                    cur.m = o->mst[i].id;
                    cur.p = pid;
                    cur.g = o->mst[i].g;
                    found = 1;
                }
            }
            if (!found)
                return fail(err, ev, name, "failed to find sched context for proc %lld that's about to be stolen", (long long)pid);
        }
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_ProcStart: {
        int64_t pid = (int64_t)ev->args[0];
        sd__seq seq = mkseq(gen, ev->args[1]);
        ps = pget(o, pid);
        if (!ps || ps->status != SD__P_IDLE || !seq_succeeds(seq, ps->seq) || cur.p != SD_NO_PROC)
            return 0;
        VALIDATE(cur, MUST, MUST_NOT, MAY);
        ps->status = SD__P_RUNNING;
        ps->seq = seq;
        nw.p = pid;
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_ProcStop:
        ps = pget(o, cur.p);
        if (!ps) return fail(err, ev, name, "event %s for proc (%lld) that doesn't exist", EV_NAME, (long long)cur.p);
        if (ps->status != SD__P_RUNNING && ps->status != SD__P_SYSCALL)
            return fail(err, ev, name, "%s event for proc that's not Running or Syscall", EV_NAME);
        VALIDATE(cur, MUST, MUST, MAY);
        ps->status = SD__P_IDLE;
        nw.p = SD_NO_PROC;
        PUSH_CTX(ev, cur);
        break;
    case SD_EV_ProcSteal: {
        int64_t pid = (int64_t)ev->args[0], mid;
        sd__seq seq = mkseq(gen, ev->args[1]);
        uint8_t oldst;
        sd__mstate *vm;
        ps = pget(o, pid);
        if (!ps || (ps->status != SD__P_SYSCALL && ps->status != SD__P_SYSCALL_ABANDONED) ||
            !seq_succeeds(seq, ps->seq))
            return 0;
        VALIDATE(cur, MUST, MAY, MAY);
        oldst = ps->status;
        extra(ev)[0] = oldst;
        ps->status = SD__P_IDLE;
        ps->seq = seq;
        if (oldst == SD__P_SYSCALL_ABANDONED) {
            PUSH_CTX(ev, cur);
            break;
        }
        mid = (int64_t)ev->args[2];
        if (mid == cur.m) {
            if (cur.p != pid)
                return fail(err, ev, name, "tried to self-steal proc %lld (thread %lld), but got proc %lld instead",
                            (long long)pid, (long long)mid, (long long)cur.p);
            nw.p = SD_NO_PROC;
            PUSH_CTX(ev, cur);
            break;
        }
        vm = mget(o, mid);
        if (!vm) return fail(err, ev, name, "stole proc from non-existent thread %lld", (long long)mid);
        if (vm->p != pid)
            return fail(err, ev, name, "tried to steal proc %lld from thread %lld, but got proc %lld instead",
                        (long long)pid, (long long)mid, (long long)vm->p);
        vm->p = SD_NO_PROC;
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_GoStatus:
    case SD_EV_GoStatusStack: {
        int64_t gid = (int64_t)ev->args[0], mid = (int64_t)ev->args[1];
        uint64_t status = ev->args[2];
        uint8_t old;
        if (status >= 5) return fail(err, ev, name, "invalid status for goroutine %lld: %llu", (long long)gid, (unsigned long long)status);
        old = gstatus2state[status];
        gs = gget(o, gid);
        if (gs) {
            if (gs->status != status)
                return fail(err, ev, name, "inconsistent status for goroutine %lld: old %s vs. new %s",
                            (long long)gid, gstatus_name(gs->status), gstatus_name((unsigned)status));
            gs->seq = mkseq(gen, 0);
        } else if (gen == o->initial_gen) {
            if (!gadd(o, gid, (uint8_t)status, mkseq(gen, 0)))
                return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
            old = SD_GO_UNDETERMINED;
        } else {
            return fail(err, ev, name, "found goroutine status for new goroutine after the first generation: id=%lld status=%s",
                        (long long)gid, gstatus_name((unsigned)status));
        }
        extra(ev)[0] = old;
        if (status == SD__G_RUNNING) {
            nw.g = gid;
        } else if (status == SD__G_SYSCALL) {
            sd__mstate *om;
            if (mid == SD_NO_THREAD)
                return fail(err, ev, name, "found goroutine %lld in syscall without a thread", (long long)gid);
            if (mid == cur.m) {
                if (gen != o->initial_gen && cur.g != gid)
                    return fail(err, ev, name, "inconsistent thread for syscalling goroutine %lld: thread has goroutine %lld",
                                (long long)gid, (long long)cur.g);
                nw.g = gid;
            } else {
                om = mget(o, mid);
                if (om) {
                    if (om->g != gid)
                        return fail(err, ev, name, "inconsistent thread for syscalling goroutine %lld: thread has goroutine %lld",
                                    (long long)gid, (long long)om->g);
                    cur.g = om->g;
                } else {
                    if (!madd(o, mid, gid, SD_NO_PROC))
                        return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
                }
                cur.m = mid;
            }
        }
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_GoCreate:
    case SD_EV_GoCreateBlocked: {
        int64_t ng = (int64_t)ev->args[0];
        VALIDATE(cur, MUST, MUST, MAY);
        gs = gget(o, cur.g);
        if (gs && gs->status != SD__G_RUNNING)
            return fail(err, ev, name, "%s event for goroutine that's not Running", EV_NAME);
        if (gget(o, ng)) return fail(err, ev, name, "tried to create goroutine (%lld) that already exists", (long long)ng);
        if (!gadd(o, ng, ev->type == SD_EV_GoCreateBlocked ? SD__G_WAITING : SD__G_RUNNABLE, mkseq(gen, 0)))
            return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_GoDestroy:
    case SD_EV_GoStop:
    case SD_EV_GoBlock:
        VALIDATE(cur, MUST, MUST, MUST);
        gs = gget(o, cur.g);
        if (!gs) return fail(err, ev, name, "event %s for goroutine (%lld) that doesn't exist", EV_NAME, (long long)cur.g);
        if (gs->status != SD__G_RUNNING) return fail(err, ev, name, "%s event for goroutine that's not Running", EV_NAME);
        if (ev->type == SD_EV_GoDestroy) gdel(o, cur.g);
        else if (ev->type == SD_EV_GoStop) gs->status = SD__G_RUNNABLE;
        else gs->status = SD__G_WAITING;
        nw.g = SD_NO_GOROUTINE;
        PUSH_CTX(ev, cur);
        break;
    case SD_EV_GoStart: {
        int64_t gid = (int64_t)ev->args[0];
        sd__seq seq = mkseq(gen, ev->args[1]);
        gs = gget(o, gid);
        if (!gs || gs->status != SD__G_RUNNABLE || !seq_succeeds(seq, gs->seq)) return 0;
        VALIDATE(cur, MUST, MUST, MUST_NOT);
        gs->status = SD__G_RUNNING;
        gs->seq = seq;
        nw.g = gid;
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_GoUnblock: {
        int64_t gid = (int64_t)ev->args[0];
        sd__seq seq = mkseq(gen, ev->args[1]);
        gs = gget(o, gid);
        if (!gs || gs->status != SD__G_WAITING || !seq_succeeds(seq, gs->seq)) return 0;
        gs->status = SD__G_RUNNABLE;
        gs->seq = seq;
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_GoSwitch:
    case SD_EV_GoSwitchDestroy: {
        sd__gstate *next;
        int64_t nextg = (int64_t)ev->args[0];
        sd__seq seq = mkseq(gen, ev->args[1]);
        sd_event e2;
        ctx start;
        VALIDATE(cur, MUST, MUST, MUST);
        gs = gget(o, cur.g);
        if (!gs) return fail(err, ev, name, "event %s for goroutine (%lld) that doesn't exist", EV_NAME, (long long)cur.g);
        if (gs->status != SD__G_RUNNING) return fail(err, ev, name, "%s event for goroutine that's not Running", EV_NAME);
        next = gget(o, nextg);
        if (!next || next->status != SD__G_WAITING || !seq_succeeds(seq, next->seq)) return 0;
        PUSH_CTX(ev, cur);
        if (ev->type == SD_EV_GoSwitch) {
            gs->status = SD__G_WAITING;
            e2 = make_event(ev, SD_EV_GoBlock, 0, 0);
            PUSH_CTX(&e2, cur);
        } else {
            e2 = make_event(ev, SD_EV_GoDestroy, 0, 0);
            gdel(o, cur.g);
            next = gget(o, nextg); /* gdel does not move entries, but be safe */
            PUSH_CTX(&e2, cur);
        }
        next->status = SD__G_RUNNING;
        next->seq = seq;
        nw.g = nextg;
        start = cur;
        start.g = SD_NO_GOROUTINE;
        e2 = make_event(ev, SD_EV_GoStart, (uint64_t)nextg, ev->args[1]);
        PUSH_CTX(&e2, start);
        break;
    }
    case SD_EV_GoSyscallBegin: {
        sd__seq pseq;
        VALIDATE(cur, MUST, MUST, MUST);
        gs = gget(o, cur.g);
        if (!gs) return fail(err, ev, name, "event %s for goroutine (%lld) that doesn't exist", EV_NAME, (long long)cur.g);
        if (gs->status != SD__G_RUNNING) return fail(err, ev, name, "%s event for goroutine that's not Running", EV_NAME);
        gs->status = SD__G_SYSCALL;
        ps = pget(o, cur.p);
        if (!ps) return fail(err, ev, name, "uninitialized proc %lld found during %s", (long long)cur.p, EV_NAME);
        ps->status = SD__P_SYSCALL;
        pseq = mkseq(gen, ev->args[0]);
        if (!seq_succeeds(pseq, ps->seq))
            return fail(err, ev, name, "failed to advance %s: can't make sequence: %llu (gen=%llu) -> %llu (gen=%llu)", EV_NAME,
                        (unsigned long long)ps->seq.seq, (unsigned long long)ps->seq.gen,
                        (unsigned long long)pseq.seq, (unsigned long long)pseq.gen);
        ps->seq = pseq;
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_GoSyscallEnd:
        VALIDATE(cur, MUST, MUST, MUST);
        gs = gget(o, cur.g);
        if (!gs) return fail(err, ev, name, "event %s for goroutine (%lld) that doesn't exist", EV_NAME, (long long)cur.g);
        if (gs->status != SD__G_SYSCALL) return fail(err, ev, name, "%s event for goroutine that's not Running", EV_NAME);
        gs->status = SD__G_RUNNING;
        ps = pget(o, cur.p);
        if (!ps) return fail(err, ev, name, "uninitialized proc %lld found during %s", (long long)cur.p, EV_NAME);
        if (ps->status != SD__P_SYSCALL)
            return fail(err, ev, name, "expected proc %lld in state Syscall, but got %s instead", (long long)cur.p, pstatus_name(ps->status));
        ps->status = SD__P_RUNNING;
        PUSH_CTX(ev, cur);
        break;
    case SD_EV_GoSyscallEndBlocked:
        if (cur.p != SD_NO_PROC) {
            ps = pget(o, cur.p);
            if (!ps) return fail(err, ev, name, "uninitialized proc %lld found during %s", (long long)cur.p, EV_NAME);
            if (ps->status == SD__P_SYSCALL) return 0;
        }
        VALIDATE(cur, MUST, MAY, MUST);
        gs = gget(o, cur.g);
        if (!gs) return fail(err, ev, name, "event %s for goroutine (%lld) that doesn't exist", EV_NAME, (long long)cur.g);
        if (gs->status != SD__G_SYSCALL) return fail(err, ev, name, "%s event for goroutine that's not Running", EV_NAME);
        nw.g = SD_NO_GOROUTINE;
        gs->status = SD__G_RUNNABLE;
        PUSH_CTX(ev, cur);
        break;
    case SD_EV_GoCreateSyscall: {
        int64_t ng = (int64_t)ev->args[0];
        VALIDATE(cur, MUST, MAY, MUST_NOT);
        if (gget(o, ng)) return fail(err, ev, name, "tried to create goroutine (%lld) in syscall that already exists", (long long)ng);
        if (!gadd(o, ng, SD__G_SYSCALL, mkseq(gen, 0)))
            return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
        nw.g = ng;
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_GoDestroySyscall:
        VALIDATE(cur, MUST, MAY, MUST);
        gs = gget(o, cur.g);
        if (!gs) return fail(err, ev, name, "event %s for goroutine (%lld) that doesn't exist", EV_NAME, (long long)cur.g);
        if (gs->status != SD__G_SYSCALL) return fail(err, ev, name, "%s event for goroutine that's not Syscall", EV_NAME);
        gdel(o, cur.g);
        nw.g = SD_NO_GOROUTINE;
        if (cur.p != SD_NO_PROC) {
            sd_event steal;
            ps = pget(o, cur.p);
            if (!ps) return fail(err, ev, name, "found invalid proc %lld during %s", (long long)cur.p, EV_NAME);
            if (ps->status != SD__P_SYSCALL)
                return fail(err, ev, name, "proc %lld in unexpected state %s during %s", (long long)cur.p, pstatus_name(ps->status), EV_NAME);
            ps->status = SD__P_SYSCALL_ABANDONED;
            nw.p = SD_NO_PROC;
            steal = make_event(ev, SD_EV_ProcSteal, (uint64_t)cur.p, 0);
            extra(&steal)[0] = SD__P_SYSCALL;
            PUSH_CTX(&steal, cur);
        }
        PUSH_CTX(ev, cur);
        break;
    case SD_EV_UserTaskBegin: {
        uint64_t id = ev->args[0], parent = ev->args[1];
        sd_str nm;
        int64_t nid;
        if (sd__map_get(&o->task_index, id) >= 0) return fail(err, ev, name, "task ID conflict: %llu", (unsigned long long)id);
        if (parent == 0) {
            parent = SD_NO_TASK;
            ev->args[1] = SD_NO_TASK;
        }
        if (!sd__gen_str(tab, ev->args[2], &nm))
            return fail(err, ev, name, "invalid string ID %llu for %d event", (unsigned long long)ev->args[2], ev->type);
        nid = sd__strpool_intern(o->names, nm.ptr, nm.len);
        if (nid < 0) return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
        if (o->ntasks == o->captasks) {
            size_t cap = o->captasks ? o->captasks * 2 : 16;
            sd__task *nv = sd__realloc(o->tasks, cap * sizeof *nv);
            if (!nv) return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
            o->tasks = nv;
            o->captasks = cap;
        }
        o->tasks[o->ntasks].id = id;
        o->tasks[o->ntasks].parent = parent;
        o->tasks[o->ntasks].name = nid;
        if (sd__map_put(&o->task_index, id, (uint32_t)o->ntasks) != 0)
            return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
        o->ntasks++;
        VALIDATE(cur, MUST, MUST, MUST);
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_UserTaskEnd: {
        uint64_t id = ev->args[0];
        int64_t ti = sd__map_get(&o->task_index, id);
        if (ti >= 0) {
            size_t last = o->ntasks - 1;
            extra(ev)[0] = o->tasks[ti].parent;
            extra(ev)[1] = (uint64_t)o->tasks[ti].name;
            /* delete: move the last task into the hole */
            sd__map_del(&o->task_index, id);
            if ((size_t)ti != last) {
                o->tasks[ti] = o->tasks[last];
                sd__map_put(&o->task_index, o->tasks[ti].id, (uint32_t)ti);
            }
            o->ntasks--;
        } else {
            extra(ev)[0] = SD_NO_TASK;
            extra(ev)[1] = 0;
        }
        VALIDATE(cur, MUST, MUST, MUST);
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_UserRegionBegin:
    case SD_EV_UserRegionEnd: {
        sd_str nm;
        int64_t nid;
        VALIDATE(cur, MUST, MUST, MUST);
        if (!sd__gen_str(tab, ev->args[1], &nm))
            return fail(err, ev, name, "invalid string ID %llu for %d event", (unsigned long long)ev->args[1], ev->type);
        gs = gget(o, cur.g);
        if (!gs)
            return fail(err, ev, name, "encountered Ev%s without known state for current goroutine %lld", EV_NAME, (long long)cur.g);
        nid = sd__strpool_intern(o->names, nm.ptr, nm.len);
        if (nid < 0) return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
        if (ev->type == SD_EV_UserRegionBegin) {
            if (gs->nregions == gs->capregions) {
                size_t cap = gs->capregions ? gs->capregions * 2 : 4;
                sd__region *nv = sd__realloc(gs->regions, cap * sizeof *nv);
                if (!nv) return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
                gs->regions = nv;
                gs->capregions = cap;
            }
            gs->regions[gs->nregions].task = ev->args[0];
            gs->regions[gs->nregions].name = nid;
            gs->nregions++;
        } else if (gs->nregions > 0) {
            sd__region *top = &gs->regions[gs->nregions - 1];
            if (top->task != ev->args[0] || top->name != nid)
                return fail(err, ev, name, "misuse of region in goroutine %lld: region end {%llu %s} when the inner-most active region start event is {%llu %s}",
                            (long long)gs->id, (unsigned long long)ev->args[0], nm.ptr,
                            (unsigned long long)top->task, o->names->ptrs[top->name]);
            gs->nregions--;
        }
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_GCActive: {
        uint64_t seq = ev->args[0];
        if (gen == o->initial_gen) {
            if (o->gc_state != 0) return fail(err, ev, name, "GCActive in the first generation isn't first GC event");
            o->gc_seq = seq;
            o->gc_state = 2;
            PUSH_CTX(ev, cur);
            break;
        }
        if (seq != o->gc_seq + 1) return 0;
        if (o->gc_state != 2) return fail(err, ev, name, "encountered GCActive while GC was not in progress");
        o->gc_seq = seq;
        VALIDATE(cur, MUST, MUST, MUST);
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_GCBegin: {
        uint64_t seq = ev->args[0];
        if (o->gc_state == 0) {
            o->gc_seq = seq;
            o->gc_state = 2;
            PUSH_CTX(ev, cur);
            break;
        }
        if (seq != o->gc_seq + 1) return 0;
        if (o->gc_state == 2) return fail(err, ev, name, "encountered GCBegin while GC was already in progress");
        o->gc_seq = seq;
        o->gc_state = 2;
        VALIDATE(cur, MUST, MUST, MUST);
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_GCEnd: {
        uint64_t seq = ev->args[0];
        if (seq != o->gc_seq + 1) return 0;
        if (o->gc_state == 1) return fail(err, ev, name, "encountered GCEnd when GC was not in progress");
        if (o->gc_state == 0) return fail(err, ev, name, "encountered GCEnd when GC was in an undetermined state");
        o->gc_seq = seq;
        o->gc_state = 1;
        VALIDATE(cur, MUST, MUST, MUST);
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_ProcsChange:
    case SD_EV_GoLabel:
    case SD_EV_UserLog:
        VALIDATE(cur, MUST, MUST, MUST);
        PUSH_CTX(ev, cur);
        break;
    case SD_EV_HeapAlloc:
    case SD_EV_HeapGoal:
        VALIDATE(cur, MUST, MUST, MAY);
        PUSH_CTX(ev, cur);
        break;
    case SD_EV_GCSweepBegin: {
        uint8_t rt = range_type(ev->type);
        VALIDATE(cur, MUST, MUST, MAY);
        ps = pget(o, cur.p);
        if (!ps) return fail(err, ev, name, "uninitialized proc %lld found during %s", (long long)cur.p, EV_NAME);
        if (ranges_has(&ps->ranges, rt, 0))
            return fail(err, ev, name, "discovered event already in-flight for when starting event %s", sd__specs[rt].name);
        if (ranges_add(&ps->ranges, rt, 0)) return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_GCSweepActive:
    case SD_EV_GCMarkAssistActive: {
        uint8_t rt = range_type(ev->type);
        sd__ranges *r;
        if (ev->type == SD_EV_GCSweepActive) {
            ps = pget(o, (int64_t)ev->args[0]);
            if (!ps) return fail(err, ev, name, "encountered GCSweepActive for unknown proc %lld", (long long)ev->args[0]);
            r = &ps->ranges;
        } else {
            gs = gget(o, (int64_t)ev->args[0]);
            if (!gs) return fail(err, ev, name, "uninitialized goroutine %lld found during %s", (long long)ev->args[0], EV_NAME);
            r = &gs->ranges;
        }
        if (gen == o->initial_gen) {
            if (ranges_has(r, rt, 0)) return fail(err, ev, name, "found named active range already in first gen: %s", sd__specs[rt].name);
            if (ranges_add(r, rt, 0)) return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
        } else if (!ranges_has(r, rt, 0)) {
            return fail(err, ev, name, "resource is missing active range: %s", sd__specs[rt].name);
        }
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_GCSweepEnd:
    case SD_EV_STWEnd:
    case SD_EV_GCMarkAssistEnd: {
        sd__ranges *r;
        uint8_t st = sd__specs[ev->type].start_ev;
        size_t i;
        uint64_t desc;
        if (ev->type == SD_EV_GCSweepEnd) {
            VALIDATE(cur, MUST, MUST, MAY);
            ps = pget(o, cur.p);
            if (!ps) return fail(err, ev, name, "uninitialized proc %lld found during %s", (long long)cur.p, EV_NAME);
            r = &ps->ranges;
        } else {
            VALIDATE(cur, MUST, MUST, MUST);
            gs = gget(o, cur.g);
            if (!gs) return fail(err, ev, name, "encountered event of type %d without known state for current goroutine %lld", ev->type, (long long)cur.g);
            r = &gs->ranges;
        }
        for (i = 0; i < r->n; i++)
            if (r->v[i].typ == st) break;
        if (i == r->n) return fail(err, ev, name, "tried to end event %s, but not in-flight", sd__specs[st].name);
        desc = r->v[i].desc;
        r->v[i] = r->v[r->n - 1];
        r->n--;
        if (ev->type == SD_EV_STWEnd) ev->args[0] = desc;
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_STWBegin:
    case SD_EV_GCMarkAssistBegin: {
        uint8_t rt = range_type(ev->type);
        uint64_t desc = ev->type == SD_EV_STWBegin ? ev->args[0] : 0;
        VALIDATE(cur, MUST, MUST, MUST);
        gs = gget(o, cur.g);
        if (!gs) return fail(err, ev, name, "encountered event of type %d without known state for current goroutine %lld", ev->type, (long long)cur.g);
        if (ranges_has(&gs->ranges, rt, desc))
            return fail(err, ev, name, "discovered event already in-flight for when starting event %s", sd__specs[rt].name);
        if (ranges_add(&gs->ranges, rt, desc)) return sd_error_set(err, SD_ENOMEM, -1, "%s: out of memory", name);
        PUSH_CTX(ev, cur);
        break;
    }
    case SD_EV_Span: case SD_EV_SpanAlloc: case SD_EV_SpanFree:
    case SD_EV_HeapObject: case SD_EV_HeapObjectAlloc: case SD_EV_HeapObjectFree:
    case SD_EV_GoroutineStack: case SD_EV_GoroutineStackAlloc: case SD_EV_GoroutineStackFree:
        VALIDATE(cur, MUST, MAY, MAY);
        PUSH_CTX(ev, cur);
        break;
    default:
        return fail(err, ev, name, "bad event type found while ordering: %d", ev->type);
    }
    /* Advanced: update the thread's state (madd may have moved it). */
    ms = m == SD_NO_THREAD ? NULL : &o->mst[*mhint - 1];
    if (ms) {
        ms->p = nw.p;
        ms->g = nw.g;
    }
    return 1;
}

void sd__order_release(sd__order *o)
{
    size_t i;
    if (!o) return;
    for (i = 0; i < o->ngs; i++) {
        sd__free(o->gs[i].regions);
        sd__free(o->gs[i].ranges.v);
    }
    for (i = 0; i < o->nps; i++) sd__free(o->ps[i].ranges.v);
    sd__free(o->gs);
    sd__free(o->ps);
    sd__free(o->mst);
    sd__free(o->tasks);
    sd__free(o->q);
    sd__free(o->g_dense);
    sd__map_release(&o->g_index);
    sd__map_release(&o->p_index);
    sd__map_release(&o->m_index);
    sd__map_release(&o->task_index);
    memset(o, 0, sizeof *o);
}

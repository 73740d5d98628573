/*
 * format.c - event printers.  The text form reproduces Go's
 * internal/trace Event.String() exactly, so that `stepdist dump` and
 * `go tool trace -d=1` can be compared line by line; the JSON form carries
 * the same facts in a form other tools can read.  Stack text is rendered
 * once per stack and generation and then copied.
 */
#include <stdlib.h>
#include <string.h>

#include "stepdist/format.h"
#include "trace_int.h"

#define FLUSH_AT (256u << 10)

struct sd_printer {
    FILE *f;
    sd_format fmt;
    sd_buf b;
    int ioerr;
};

sd_printer *sd_printer_new(FILE *f, sd_format fmt)
{
    sd_printer *pr = sd__calloc(1, sizeof *pr);
    if (!pr) return NULL;
    pr->f = f;
    pr->fmt = fmt;
    return pr;
}

int sd_printer_flush(sd_printer *pr)
{
    if (pr->b.oom) return SD_ENOMEM;
    if (pr->b.len && fwrite(pr->b.p, 1, pr->b.len, pr->f) != pr->b.len) pr->ioerr = 1;
    pr->b.len = 0;
    if (fflush(pr->f) != 0) pr->ioerr = 1;
    return pr->ioerr ? SD_EIO : 0;
}

int sd_printer_free(sd_printer *pr)
{
    int rc;
    if (!pr) return 0;
    rc = sd_printer_flush(pr);
    sd__buf_release(&pr->b);
    sd__free(pr);
    return rc;
}

#define put_lit(b, s) sd__buf_put((b), (s), strlen(s)) /* constant-folded for literals */

static void put_frames_go(sd_buf *b, const sd_stack *s)
{
    size_t i;
    for (i = 0; i < s->n; i++) {
        const sd_frame *f = &s->frames[i];
        sd__buf_putc(b, '\t');
        sd__buf_put(b, f->func.ptr, f->func.len);
        put_lit(b, " @ 0x");
        sd__buf_hex(b, f->pc);
        put_lit(b, "\n\t\t");
        sd__buf_put(b, f->file.ptr, f->file.len);
        sd__buf_putc(b, ':');
        sd__buf_u64(b, f->line);
        sd__buf_putc(b, '\n');
    }
}

/* Frames of stack s in Go's text form, rendered once per generation. */
static void put_stack_text(sd_buf *b, const sd_event *ev, const sd_stack *s)
{
    int ok;
    sd__stackent *e;
    if (s->id == 0 || !ev->tab) {
        put_frames_go(b, s);
        return;
    }
    e = (sd__stackent *)(uintptr_t)sd__gen_stack(ev->tab, s->id, &ok);
    if (!e) {
        put_frames_go(b, s);
        return;
    }
    if (!e->text) {
        sd_buf tmp = {0};
        put_frames_go(&tmp, s);
        if (!tmp.oom) {
            struct sd_trace_gen *g = (struct sd_trace_gen *)(uintptr_t)ev->tab;
            char *p = sd__arena_alloc(&g->arena, tmp.len ? tmp.len : 1);
            if (p) {
                memcpy(p, tmp.p, tmp.len);
                e->text = p;
                e->text_len = tmp.len;
            }
        }
        sd__buf_release(&tmp);
        if (!e->text) {
            put_frames_go(b, s);
            return;
        }
    }
    sd__buf_put(b, e->text, e->text_len);
}

static sd_str str_of(const sd_event *ev, uint64_t id)
{
    sd_str s;
    if (!sd_event_string(ev, id, &s)) {
        s.ptr = "";
        s.len = 0;
    }
    return s;
}

static sd_str extra_str(const sd_event *ev, uint64_t id)
{
    sd_str s = {"", 0};
    const sd_strpool *p = ev->tab ? ev->tab->extra : NULL;
    if (p && id > 0 && id < p->n) {
        s.ptr = p->ptrs[id];
        s.len = p->lens[id];
    }
    return s;
}

static void put_q(sd_buf *b, sd_str s) { sd__buf_goquote(b, s.ptr, s.len); }

static void put_res(sd_buf *b, const char *kind, int64_t id)
{
    put_lit(b, kind);
    sd__buf_putc(b, '(');
    sd__buf_i64(b, id);
    sd__buf_putc(b, ')');
}

/* "stop-the-world (KIND)" into tmp (caller releases it). */
static sd_str stw_name(const sd_event *ev, sd_buf *tmp)
{
    sd_str kind = str_of(ev, ev->args[0]), r;
    put_lit(tmp, "stop-the-world (");
    sd__buf_put(tmp, kind.ptr, kind.len);
    sd__buf_putc(tmp, ')');
    r.ptr = tmp->p ? tmp->p : "";
    r.len = tmp->len;
    return r;
}

/* Range name and scope, shared by both printers. */
static const char *range_info(const sd_event *ev, const char **scope, int64_t *scope_id)
{
    switch (ev->type) {
    case SD_EV_STWBegin:
    case SD_EV_STWEnd:
        *scope = "Goroutine";
        *scope_id = ev->g;
        return NULL; /* name built from a string */
    case SD_EV_GCBegin:
    case SD_EV_GCActive:
    case SD_EV_GCEnd:
        *scope = "None";
        *scope_id = 0;
        return "GC concurrent mark phase";
    case SD_EV_GCSweepBegin:
    case SD_EV_GCSweepActive:
    case SD_EV_GCSweepEnd:
        *scope = "Proc";
        *scope_id = ev->p;
        return "GC incremental sweep";
    default:
        *scope = "Goroutine";
        *scope_id = ev->type == SD_EV_GCMarkAssistActive ? (int64_t)ev->args[0] : ev->g;
        return "GC mark assist";
    }
}

static const char *metric_name(uint8_t type)
{
    switch (type) {
    case SD_EV_ProcsChange: return "/sched/gomaxprocs:threads";
    case SD_EV_HeapAlloc: return "/memory/classes/heap/objects:bytes";
    default: return "/gc/heap/goal:bytes";
    }
}

static void format_go(sd_buf *b, const sd_event *ev)
{
    sd_event_kind k = sd_event_kind_of(ev);
    sd_stack stk;
    put_lit(b, "M=");
    sd__buf_i64(b, ev->m);
    put_lit(b, " P=");
    sd__buf_i64(b, ev->p);
    put_lit(b, " G=");
    sd__buf_i64(b, ev->g);
    sd__buf_putc(b, ' ');
    put_lit(b, sd_event_kind_name(k));
    put_lit(b, " Time=");
    sd__buf_i64(b, ev->time);
    switch (k) {
    case SD_KIND_METRIC:
        put_lit(b, " Name=\"");
        put_lit(b, metric_name(ev->type));
        put_lit(b, "\" Value=Uint64(");
        sd__buf_u64(b, ev->args[0]);
        sd__buf_putc(b, ')');
        break;
    case SD_KIND_LABEL:
        put_lit(b, " Label=");
        put_q(b, str_of(ev, ev->args[0]));
        put_lit(b, " Resource=");
        put_res(b, "Goroutine", ev->g);
        break;
    case SD_KIND_RANGE_BEGIN:
    case SD_KIND_RANGE_ACTIVE:
    case SD_KIND_RANGE_END: {
        const char *scope;
        int64_t sid;
        const char *nm = range_info(ev, &scope, &sid);
        put_lit(b, " Name=");
        if (nm) {
            sd__buf_putc(b, '"');
            put_lit(b, nm);
            sd__buf_putc(b, '"');
        } else {
            sd_buf tmp = {0};
            put_q(b, stw_name(ev, &tmp));
            sd__buf_release(&tmp);
        }
        put_lit(b, " Scope=");
        if (strcmp(scope, "None") == 0) put_lit(b, "None");
        else put_res(b, scope, sid);
        if (k == SD_KIND_RANGE_END) {
            put_lit(b, " Attributes=[");
            if (ev->type == SD_EV_GCSweepEnd) {
                put_lit(b, "\"bytes swept\"=Uint64(");
                sd__buf_u64(b, ev->args[0]);
                put_lit(b, ") \"bytes reclaimed\"=Uint64(");
                sd__buf_u64(b, ev->args[1]);
                sd__buf_putc(b, ')');
            }
            sd__buf_putc(b, ']');
        }
        break;
    }
    case SD_KIND_TASK_BEGIN:
    case SD_KIND_TASK_END: {
        const uint64_t *extra = &ev->args[sd__specs[ev->type].nargs - 1];
        put_lit(b, " ID=");
        sd__buf_u64(b, ev->args[0]);
        put_lit(b, " Parent=");
        if (k == SD_KIND_TASK_BEGIN) {
            sd__buf_u64(b, ev->args[1]);
            put_lit(b, " Type=");
            put_q(b, str_of(ev, ev->args[2]));
        } else {
            sd__buf_u64(b, extra[0]);
            put_lit(b, " Type=");
            put_q(b, extra_str(ev, extra[1]));
        }
        break;
    }
    case SD_KIND_REGION_BEGIN:
    case SD_KIND_REGION_END:
        put_lit(b, " Task=");
        sd__buf_u64(b, ev->args[0]);
        put_lit(b, " Type=");
        put_q(b, str_of(ev, ev->args[1]));
        break;
    case SD_KIND_LOG:
        put_lit(b, " Task=");
        sd__buf_u64(b, ev->args[0]);
        put_lit(b, " Category=");
        put_q(b, str_of(ev, ev->args[1]));
        put_lit(b, " Message=");
        put_q(b, str_of(ev, ev->args[2]));
        break;
    case SD_KIND_STATE_TRANSITION: {
        sd_transition tr;
        sd_event_transition(ev, &tr);
        put_lit(b, " Resource=");
        put_res(b, tr.resource == SD_RES_GOROUTINE ? "Goroutine" : "Proc", tr.id);
        put_lit(b, " Reason=");
        put_q(b, tr.reason);
        if (tr.resource == SD_RES_GOROUTINE) {
            put_lit(b, " GoID=");
            sd__buf_i64(b, tr.id);
            sd__buf_putc(b, ' ');
            put_lit(b, sd_go_state_name(tr.from));
            put_lit(b, "->");
            put_lit(b, sd_go_state_name(tr.to));
        } else {
            put_lit(b, " ProcID=");
            sd__buf_i64(b, tr.id);
            sd__buf_putc(b, ' ');
            put_lit(b, sd_proc_state_name(tr.from));
            put_lit(b, "->");
            put_lit(b, sd_proc_state_name(tr.to));
        }
        if (tr.has_stack) {
            put_lit(b, "\nTransitionStack=\n");
            put_stack_text(b, ev, &tr.stack);
        }
        break;
    }
    case SD_KIND_EXPERIMENTAL: {
        const sd__spec *sp = &sd__specs[ev->type];
        unsigned i;
        put_lit(b, " Name=");
        put_lit(b, sp->name);
        put_lit(b, " ArgNames=[");
        for (i = 1; i < sp->nargs; i++) {
            if (i > 1) sd__buf_putc(b, ' ');
            put_lit(b, sp->args[i]);
        }
        put_lit(b, "] Args=[");
        for (i = 1; i < sp->nargs; i++) {
            if (i > 1) sd__buf_putc(b, ' ');
            sd__buf_u64(b, ev->args[i - 1]);
        }
        sd__buf_putc(b, ']');
        break;
    }
    default:
        break;
    }
    stk = sd_event_stack(ev);
    if (stk.id != 0 || ev->type == SD_EV_CPUSample) {
        put_lit(b, "\nStack=\n");
        put_stack_text(b, ev, &stk);
    }
    sd__buf_putc(b, '\n');
}

/* ---- JSON ---- */

static void put_json_stack(sd_buf *b, const char *key, const sd_stack *s)
{
    size_t i;
    sd__buf_putc(b, ',');
    sd__buf_putc(b, '"');
    put_lit(b, key);
    put_lit(b, "\":[");
    for (i = 0; i < s->n; i++) {
        const sd_frame *f = &s->frames[i];
        if (i) sd__buf_putc(b, ',');
        put_lit(b, "{\"func\":");
        sd__buf_jsonstr(b, f->func.ptr, f->func.len);
        put_lit(b, ",\"file\":");
        sd__buf_jsonstr(b, f->file.ptr, f->file.len);
        put_lit(b, ",\"line\":");
        sd__buf_u64(b, f->line);
        put_lit(b, ",\"pc\":");
        sd__buf_u64(b, f->pc);
        sd__buf_putc(b, '}');
    }
    sd__buf_putc(b, ']');
}

static void put_json_kv_str(sd_buf *b, const char *key, sd_str s)
{
    sd__buf_putc(b, ',');
    sd__buf_putc(b, '"');
    put_lit(b, key);
    put_lit(b, "\":");
    sd__buf_jsonstr(b, s.ptr, s.len);
}

static void put_json_kv_u64(sd_buf *b, const char *key, uint64_t v)
{
    sd__buf_putc(b, ',');
    sd__buf_putc(b, '"');
    put_lit(b, key);
    put_lit(b, "\":");
    sd__buf_u64(b, v);
}

static void put_json_kv_i64(sd_buf *b, const char *key, int64_t v)
{
    sd__buf_putc(b, ',');
    sd__buf_putc(b, '"');
    put_lit(b, key);
    put_lit(b, "\":");
    sd__buf_i64(b, v);
}

static sd_str cstr(const char *s)
{
    sd_str r;
    r.ptr = s;
    r.len = strlen(s);
    return r;
}

static void format_json(sd_buf *b, const sd_event *ev)
{
    sd_event_kind k = sd_event_kind_of(ev);
    const sd__spec *sp = ev->type < SD__NSPECS ? &sd__specs[ev->type] : NULL;
    sd_stack stk;
    unsigned i;
    put_lit(b, "{\"time\":");
    sd__buf_i64(b, ev->time);
    put_json_kv_str(b, "kind", cstr(sd_event_kind_name(k)));
    put_json_kv_str(b, "type", cstr(sd_event_type_name(ev->type)));
    put_json_kv_i64(b, "m", ev->m);
    put_json_kv_i64(b, "p", ev->p);
    put_json_kv_i64(b, "g", ev->g);
    put_json_kv_u64(b, "gen", ev->gen);
    if (sp && sp->nargs > 1) {
        put_lit(b, ",\"args\":{");
        for (i = 1; i < sp->nargs; i++) {
            if (i > 1) sd__buf_putc(b, ',');
            sd__buf_jsonstr(b, sp->args[i], strlen(sp->args[i]));
            sd__buf_putc(b, ':');
            sd__buf_u64(b, ev->args[i - 1]);
        }
        sd__buf_putc(b, '}');
    }
    switch (k) {
    case SD_KIND_METRIC:
        put_json_kv_str(b, "name", cstr(metric_name(ev->type)));
        put_json_kv_u64(b, "value", ev->args[0]);
        break;
    case SD_KIND_LABEL:
        put_json_kv_str(b, "label", str_of(ev, ev->args[0]));
        break;
    case SD_KIND_RANGE_BEGIN:
    case SD_KIND_RANGE_ACTIVE:
    case SD_KIND_RANGE_END: {
        const char *scope;
        int64_t sid;
        const char *nm = range_info(ev, &scope, &sid);
        if (nm) {
            put_json_kv_str(b, "name", cstr(nm));
        } else {
            sd_buf tmp = {0};
            put_json_kv_str(b, "name", stw_name(ev, &tmp));
            sd__buf_release(&tmp);
        }
        put_json_kv_str(b, "scope", cstr(scope));
        if (strcmp(scope, "None") != 0) put_json_kv_i64(b, "scope_id", sid);
        if (ev->type == SD_EV_GCSweepEnd) {
            put_json_kv_u64(b, "bytes_swept", ev->args[0]);
            put_json_kv_u64(b, "bytes_reclaimed", ev->args[1]);
        }
        break;
    }
    case SD_KIND_TASK_BEGIN:
        put_json_kv_u64(b, "task", ev->args[0]);
        put_json_kv_u64(b, "parent", ev->args[1]);
        put_json_kv_str(b, "task_type", str_of(ev, ev->args[2]));
        break;
    case SD_KIND_TASK_END: {
        const uint64_t *extra = &ev->args[sd__specs[ev->type].nargs - 1];
        put_json_kv_u64(b, "task", ev->args[0]);
        put_json_kv_u64(b, "parent", extra[0]);
        put_json_kv_str(b, "task_type", extra_str(ev, extra[1]));
        break;
    }
    case SD_KIND_REGION_BEGIN:
    case SD_KIND_REGION_END:
        put_json_kv_u64(b, "task", ev->args[0]);
        put_json_kv_str(b, "region", str_of(ev, ev->args[1]));
        break;
    case SD_KIND_LOG:
        put_json_kv_u64(b, "task", ev->args[0]);
        put_json_kv_str(b, "category", str_of(ev, ev->args[1]));
        put_json_kv_str(b, "message", str_of(ev, ev->args[2]));
        break;
    case SD_KIND_STATE_TRANSITION: {
        sd_transition tr;
        sd_event_transition(ev, &tr);
        put_json_kv_str(b, "resource", cstr(tr.resource == SD_RES_GOROUTINE ? "goroutine" : "proc"));
        put_json_kv_i64(b, "id", tr.id);
        put_json_kv_str(b, "from", cstr(tr.resource == SD_RES_GOROUTINE ? sd_go_state_name(tr.from)
                                                                       : sd_proc_state_name(tr.from)));
        put_json_kv_str(b, "to", cstr(tr.resource == SD_RES_GOROUTINE ? sd_go_state_name(tr.to)
                                                                     : sd_proc_state_name(tr.to)));
        if (tr.reason.len) put_json_kv_str(b, "reason", tr.reason);
        if (tr.has_stack) put_json_stack(b, "transition_stack", &tr.stack);
        break;
    }
    default:
        break;
    }
    stk = sd_event_stack(ev);
    if (stk.id != 0) put_json_stack(b, "stack", &stk);
    put_lit(b, "}\n");
}

int sd_printer_event(sd_printer *pr, const sd_event *ev)
{
    if (pr->fmt == SD_FORMAT_JSON) format_json(&pr->b, ev);
    else format_go(&pr->b, ev);
    if (pr->b.oom) return SD_ENOMEM;
    if (pr->b.len >= FLUSH_AT) {
        if (fwrite(pr->b.p, 1, pr->b.len, pr->f) != pr->b.len) pr->ioerr = 1;
        pr->b.len = 0;
    }
    return pr->ioerr ? SD_EIO : 0;
}

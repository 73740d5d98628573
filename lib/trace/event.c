/*
 * event.c - what an ordered event means: its kind, its stack, the state
 * transition it makes (Go's Event.Kind, Event.Stack, StateTransition).
 */
#include <string.h>

#include "trace_int.h"

static const uint8_t kind_of[SD__NSPECS] = {
    [SD_EV_CPUSample] = SD_KIND_STACK_SAMPLE,
    [SD_EV_ProcsChange] = SD_KIND_METRIC,
    [SD_EV_ProcStart] = SD_KIND_STATE_TRANSITION,
    [SD_EV_ProcStop] = SD_KIND_STATE_TRANSITION,
    [SD_EV_ProcSteal] = SD_KIND_STATE_TRANSITION,
    [SD_EV_ProcStatus] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoCreate] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoCreateSyscall] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoStart] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoDestroy] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoDestroySyscall] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoStop] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoBlock] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoUnblock] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoSyscallBegin] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoSyscallEnd] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoSyscallEndBlocked] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoStatus] = SD_KIND_STATE_TRANSITION,
    [SD_EV_STWBegin] = SD_KIND_RANGE_BEGIN,
    [SD_EV_STWEnd] = SD_KIND_RANGE_END,
    [SD_EV_GCActive] = SD_KIND_RANGE_ACTIVE,
    [SD_EV_GCBegin] = SD_KIND_RANGE_BEGIN,
    [SD_EV_GCEnd] = SD_KIND_RANGE_END,
    [SD_EV_GCSweepActive] = SD_KIND_RANGE_ACTIVE,
    [SD_EV_GCSweepBegin] = SD_KIND_RANGE_BEGIN,
    [SD_EV_GCSweepEnd] = SD_KIND_RANGE_END,
    [SD_EV_GCMarkAssistActive] = SD_KIND_RANGE_ACTIVE,
    [SD_EV_GCMarkAssistBegin] = SD_KIND_RANGE_BEGIN,
    [SD_EV_GCMarkAssistEnd] = SD_KIND_RANGE_END,
    [SD_EV_HeapAlloc] = SD_KIND_METRIC,
    [SD_EV_HeapGoal] = SD_KIND_METRIC,
    [SD_EV_GoLabel] = SD_KIND_LABEL,
    [SD_EV_UserTaskBegin] = SD_KIND_TASK_BEGIN,
    [SD_EV_UserTaskEnd] = SD_KIND_TASK_END,
    [SD_EV_UserRegionBegin] = SD_KIND_REGION_BEGIN,
    [SD_EV_UserRegionEnd] = SD_KIND_REGION_END,
    [SD_EV_UserLog] = SD_KIND_LOG,
    [SD_EV_GoSwitch] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoSwitchDestroy] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoCreateBlocked] = SD_KIND_STATE_TRANSITION,
    [SD_EV_GoStatusStack] = SD_KIND_STATE_TRANSITION,
    [SD_EV_Span] = SD_KIND_EXPERIMENTAL,
    [SD_EV_SpanAlloc] = SD_KIND_EXPERIMENTAL,
    [SD_EV_SpanFree] = SD_KIND_EXPERIMENTAL,
    [SD_EV_HeapObject] = SD_KIND_EXPERIMENTAL,
    [SD_EV_HeapObjectAlloc] = SD_KIND_EXPERIMENTAL,
    [SD_EV_HeapObjectFree] = SD_KIND_EXPERIMENTAL,
    [SD_EV_GoroutineStack] = SD_KIND_EXPERIMENTAL,
    [SD_EV_GoroutineStackAlloc] = SD_KIND_EXPERIMENTAL,
    [SD_EV_GoroutineStackFree] = SD_KIND_EXPERIMENTAL,
};

sd_event_kind sd_event_kind_of(const sd_event *ev)
{
    if (ev->type == SD_EV_SYNC) return SD_KIND_SYNC;
    if (ev->type >= SD__NSPECS) return SD_KIND_BAD;
    return (sd_event_kind)kind_of[ev->type];
}

const char *sd_event_kind_name(sd_event_kind k)
{
    static const char *const names[] = {
        "Bad", "Sync", "Metric", "Label", "StackSample", "RangeBegin", "RangeActive",
        "RangeEnd", "TaskBegin", "TaskEnd", "RegionBegin", "RegionEnd", "Log",
        "StateTransition", "Experimental"};
    if ((unsigned)k >= sizeof names / sizeof names[0]) return names[0];
    return names[k];
}

const char *sd_go_state_name(int s)
{
    static const char *const names[] = {"Undetermined", "NotExist", "Runnable",
                                        "Running", "Waiting", "Syscall"};
    return (s >= 0 && s < 6) ? names[s] : "Bad";
}

const char *sd_proc_state_name(int s)
{
    static const char *const names[] = {"Undetermined", "NotExist", "Running", "Idle"};
    return (s >= 0 && s < 4) ? names[s] : "Bad";
}

static sd_stack stack_by_id(const struct sd_trace_gen *tab, uint64_t id)
{
    sd_stack s;
    int ok;
    const sd__stackent *e = id && tab ? sd__gen_stack(tab, id, &ok) : NULL;
    s.id = e ? id : 0;
    s.frames = e ? e->frames : NULL;
    s.n = e ? e->n : 0;
    return s;
}

sd_stack sd_event_stack(const sd_event *ev)
{
    const sd__spec *sp;
    if (ev->type == SD_EV_SYNC) return stack_by_id(NULL, 0);
    if (ev->type == SD_EV_CPUSample) return stack_by_id(ev->tab, ev->args[0]);
    sp = sd__spec_of(ev->type);
    if (!sp || sp->nstack == 0) return stack_by_id(NULL, 0);
    return stack_by_id(ev->tab, ev->args[sp->stack_ids[0] - 1]);
}

int sd_event_string(const sd_event *ev, uint64_t id, sd_str *s)
{
    if (!ev->tab) return 0;
    return sd__gen_str(ev->tab, id, s);
}

static void go_tr(sd_transition *tr, int64_t id, int from, int to)
{
    tr->resource = SD_RES_GOROUTINE;
    tr->id = id;
    tr->from = from;
    tr->to = to;
}

static void proc_tr(sd_transition *tr, int64_t id, int from, int to)
{
    tr->resource = SD_RES_PROC;
    tr->id = id;
    tr->from = from;
    tr->to = to;
}

static const uint8_t gstatus2state[5] = {0, SD_GO_RUNNABLE, SD_GO_RUNNING, SD_GO_SYSCALL,
                                         SD_GO_WAITING};
static const uint8_t pstatus2state[5] = {0, SD_PROC_RUNNING, SD_PROC_IDLE, SD_PROC_RUNNING,
                                         SD_PROC_IDLE};

static sd_str reason_of(const sd_event *ev)
{
    sd_str s;
    if (!sd_event_string(ev, ev->args[0], &s)) {
        s.ptr = "";
        s.len = 0;
    }
    return s;
}

int sd_event_transition(const sd_event *ev, sd_transition *tr)
{
    const uint64_t *extra;
    if (sd_event_kind_of(ev) != SD_KIND_STATE_TRANSITION) return 0;
    memset(tr, 0, sizeof *tr);
    tr->reason.ptr = "";
    extra = &ev->args[sd__specs[ev->type].nargs - 1];
    switch (ev->type) {
    case SD_EV_ProcStart:
        proc_tr(tr, (int64_t)ev->args[0], SD_PROC_IDLE, SD_PROC_RUNNING);
        break;
    case SD_EV_ProcStop:
        proc_tr(tr, ev->p, SD_PROC_RUNNING, SD_PROC_IDLE);
        break;
    case SD_EV_ProcSteal:
        proc_tr(tr, (int64_t)ev->args[0],
                extra[0] == SD__P_SYSCALL_ABANDONED ? SD_PROC_IDLE : SD_PROC_RUNNING,
                SD_PROC_IDLE);
        break;
    case SD_EV_ProcStatus:
        proc_tr(tr, (int64_t)ev->args[0], (int)extra[0],
                ev->args[1] < 5 ? pstatus2state[ev->args[1]] : 0);
        break;
    case SD_EV_GoCreate:
    case SD_EV_GoCreateBlocked:
        go_tr(tr, (int64_t)ev->args[0], SD_GO_NOTEXIST,
              ev->type == SD_EV_GoCreateBlocked ? SD_GO_WAITING : SD_GO_RUNNABLE);
        tr->stack = stack_by_id(ev->tab, ev->args[1]);
        tr->has_stack = 1; /* Go prints the section even for stack id 0 */
        break;
    case SD_EV_GoCreateSyscall:
        go_tr(tr, (int64_t)ev->args[0], SD_GO_NOTEXIST, SD_GO_SYSCALL);
        break;
    case SD_EV_GoStart:
        go_tr(tr, (int64_t)ev->args[0], SD_GO_RUNNABLE, SD_GO_RUNNING);
        break;
    case SD_EV_GoDestroy:
        go_tr(tr, ev->g, SD_GO_RUNNING, SD_GO_NOTEXIST);
        tr->stack = sd_event_stack(ev);
        break;
    case SD_EV_GoDestroySyscall:
        go_tr(tr, ev->g, SD_GO_SYSCALL, SD_GO_NOTEXIST);
        break;
    case SD_EV_GoStop:
        go_tr(tr, ev->g, SD_GO_RUNNING, SD_GO_RUNNABLE);
        tr->reason = reason_of(ev);
        tr->stack = sd_event_stack(ev);
        break;
    case SD_EV_GoBlock:
        go_tr(tr, ev->g, SD_GO_RUNNING, SD_GO_WAITING);
        tr->reason = reason_of(ev);
        tr->stack = sd_event_stack(ev);
        break;
    case SD_EV_GoUnblock:
    case SD_EV_GoSwitch:
    case SD_EV_GoSwitchDestroy:
        go_tr(tr, (int64_t)ev->args[0], SD_GO_WAITING, SD_GO_RUNNABLE);
        break;
    case SD_EV_GoSyscallBegin:
        go_tr(tr, ev->g, SD_GO_RUNNING, SD_GO_SYSCALL);
        tr->stack = sd_event_stack(ev);
        break;
    case SD_EV_GoSyscallEnd:
        go_tr(tr, ev->g, SD_GO_SYSCALL, SD_GO_RUNNING);
        tr->stack = sd_event_stack(ev);
        break;
    case SD_EV_GoSyscallEndBlocked:
        go_tr(tr, ev->g, SD_GO_SYSCALL, SD_GO_RUNNABLE);
        tr->stack = sd_event_stack(ev);
        break;
    case SD_EV_GoStatus:
    case SD_EV_GoStatusStack:
        go_tr(tr, (int64_t)ev->args[0], (int)extra[0],
              ev->args[2] < 5 ? gstatus2state[ev->args[2]] : 0);
        break;
    default:
        return 0;
    }
    if (tr->stack.id) tr->has_stack = 1;
    return 1;
}

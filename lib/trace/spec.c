/*
 * spec.c - the Go 1.22/1.23 event specification table: names, arguments,
 * and which arguments are string or stack ids.  Mirrors
 * $GOROOT/src/internal/trace/event/go122/event.go; see docs/trace-format.md.
 */
#include "trace_int.h"

#define A(...) .args = {__VA_ARGS__}
#define TIMED .timed = 1
#define STK1(a) .stack_ids = {a, 0}, .nstack = 1
#define STK2(a, b) .stack_ids = {a, b}, .nstack = 2
#define STR1(a) .string_ids = {a, 0}, .nstring = 1
#define STR2(a, b) .string_ids = {a, b}, .nstring = 2

const sd__spec sd__specs[SD__NSPECS] = {
    [SD_EV_None] = {.name = ""},
    [SD_EV_EventBatch] = {.name = "EventBatch", .nargs = 4, A("gen", "m", "time", "size")},
    [SD_EV_Stacks] = {.name = "Stacks"},
    [SD_EV_Stack] = {.name = "Stack", .nargs = 2, .is_stack = 1, A("id", "nframes")},
    [SD_EV_Strings] = {.name = "Strings"},
    [SD_EV_String] = {.name = "String", .nargs = 1, .has_data = 1, A("id")},
    [SD_EV_CPUSamples] = {.name = "CPUSamples"},
    [SD_EV_CPUSample] = {.name = "CPUSample", .nargs = 5, A("time", "m", "p", "g", "stack")},
    [SD_EV_Frequency] = {.name = "Frequency", .nargs = 1, A("freq")},
    [SD_EV_ExperimentalBatch] = {.name = "ExperimentalBatch", .nargs = 4, .has_data = 1,
                                 A("exp", "gen", "m", "time")},

    [SD_EV_ProcsChange] = {.name = "ProcsChange", .nargs = 3, TIMED, STK1(2),
                           A("dt", "procs_value", "stack")},
    [SD_EV_ProcStart] = {.name = "ProcStart", .nargs = 3, TIMED, A("dt", "p", "p_seq")},
    [SD_EV_ProcStop] = {.name = "ProcStop", .nargs = 1, TIMED, A("dt")},
    [SD_EV_ProcSteal] = {.name = "ProcSteal", .nargs = 4, TIMED, A("dt", "p", "p_seq", "m")},
    [SD_EV_ProcStatus] = {.name = "ProcStatus", .nargs = 3, TIMED, A("dt", "p", "pstatus")},
    [SD_EV_GoCreate] = {.name = "GoCreate", .nargs = 4, TIMED, STK2(3, 2),
                        A("dt", "new_g", "new_stack", "stack")},
    [SD_EV_GoCreateSyscall] = {.name = "GoCreateSyscall", .nargs = 2, TIMED, A("dt", "new_g")},
    [SD_EV_GoStart] = {.name = "GoStart", .nargs = 3, TIMED, A("dt", "g", "g_seq")},
    [SD_EV_GoDestroy] = {.name = "GoDestroy", .nargs = 1, TIMED, A("dt")},
    [SD_EV_GoDestroySyscall] = {.name = "GoDestroySyscall", .nargs = 1, TIMED, A("dt")},
    [SD_EV_GoStop] = {.name = "GoStop", .nargs = 3, TIMED, STK1(2), STR1(1),
                      A("dt", "reason_string", "stack")},
    [SD_EV_GoBlock] = {.name = "GoBlock", .nargs = 3, TIMED, STK1(2), STR1(1),
                       A("dt", "reason_string", "stack")},
    [SD_EV_GoUnblock] = {.name = "GoUnblock", .nargs = 4, TIMED, STK1(3),
                         A("dt", "g", "g_seq", "stack")},
    [SD_EV_GoSyscallBegin] = {.name = "GoSyscallBegin", .nargs = 3, TIMED, STK1(2),
                              A("dt", "p_seq", "stack")},
    [SD_EV_GoSyscallEnd] = {.name = "GoSyscallEnd", .nargs = 1, TIMED,
                            .start_ev = SD_EV_GoSyscallBegin, A("dt")},
    [SD_EV_GoSyscallEndBlocked] = {.name = "GoSyscallEndBlocked", .nargs = 1, TIMED,
                                   .start_ev = SD_EV_GoSyscallBegin, A("dt")},
    [SD_EV_GoStatus] = {.name = "GoStatus", .nargs = 4, TIMED, A("dt", "g", "m", "gstatus")},
    [SD_EV_STWBegin] = {.name = "STWBegin", .nargs = 3, TIMED, STK1(2), STR1(1),
                        A("dt", "kind_string", "stack")},
    [SD_EV_STWEnd] = {.name = "STWEnd", .nargs = 1, TIMED, .start_ev = SD_EV_STWBegin, A("dt")},
    [SD_EV_GCActive] = {.name = "GCActive", .nargs = 2, TIMED, .start_ev = SD_EV_GCBegin,
                        A("dt", "gc_seq")},
    [SD_EV_GCBegin] = {.name = "GCBegin", .nargs = 3, TIMED, STK1(2), A("dt", "gc_seq", "stack")},
    [SD_EV_GCEnd] = {.name = "GCEnd", .nargs = 2, TIMED, .start_ev = SD_EV_GCBegin,
                     A("dt", "gc_seq")},
    [SD_EV_GCSweepActive] = {.name = "GCSweepActive", .nargs = 2, TIMED,
                             .start_ev = SD_EV_GCSweepBegin, A("dt", "p")},
    [SD_EV_GCSweepBegin] = {.name = "GCSweepBegin", .nargs = 2, TIMED, STK1(1), A("dt", "stack")},
    [SD_EV_GCSweepEnd] = {.name = "GCSweepEnd", .nargs = 3, TIMED, .start_ev = SD_EV_GCSweepBegin,
                          A("dt", "swept_value", "reclaimed_value")},
    [SD_EV_GCMarkAssistActive] = {.name = "GCMarkAssistActive", .nargs = 2, TIMED,
                                  .start_ev = SD_EV_GCMarkAssistBegin, A("dt", "g")},
    [SD_EV_GCMarkAssistBegin] = {.name = "GCMarkAssistBegin", .nargs = 2, TIMED, STK1(1),
                                 A("dt", "stack")},
    [SD_EV_GCMarkAssistEnd] = {.name = "GCMarkAssistEnd", .nargs = 1, TIMED,
                               .start_ev = SD_EV_GCMarkAssistBegin, A("dt")},
    [SD_EV_HeapAlloc] = {.name = "HeapAlloc", .nargs = 2, TIMED, A("dt", "heapalloc_value")},
    [SD_EV_HeapGoal] = {.name = "HeapGoal", .nargs = 2, TIMED, A("dt", "heapgoal_value")},
    [SD_EV_GoLabel] = {.name = "GoLabel", .nargs = 2, TIMED, STR1(1), A("dt", "label_string")},
    [SD_EV_UserTaskBegin] = {.name = "UserTaskBegin", .nargs = 5, TIMED, STK1(4), STR1(3),
                             A("dt", "task", "parent_task", "name_string", "stack")},
    [SD_EV_UserTaskEnd] = {.name = "UserTaskEnd", .nargs = 3, TIMED, STK1(2),
                           A("dt", "task", "stack")},
    [SD_EV_UserRegionBegin] = {.name = "UserRegionBegin", .nargs = 4, TIMED, STK1(3), STR1(2),
                               A("dt", "task", "name_string", "stack")},
    [SD_EV_UserRegionEnd] = {.name = "UserRegionEnd", .nargs = 4, TIMED, STK1(3), STR1(2),
                             .start_ev = SD_EV_UserRegionBegin,
                             A("dt", "task", "name_string", "stack")},
    [SD_EV_UserLog] = {.name = "UserLog", .nargs = 5, TIMED, STK1(4), STR2(2, 3),
                       A("dt", "task", "key_string", "value_string", "stack")},
    [SD_EV_GoSwitch] = {.name = "GoSwitch", .nargs = 3, TIMED, A("dt", "g", "g_seq")},
    [SD_EV_GoSwitchDestroy] = {.name = "GoSwitchDestroy", .nargs = 3, TIMED, A("dt", "g", "g_seq")},
    [SD_EV_GoCreateBlocked] = {.name = "GoCreateBlocked", .nargs = 4, TIMED, STK2(3, 2),
                               A("dt", "new_g", "new_stack", "stack")},
    [SD_EV_GoStatusStack] = {.name = "GoStatusStack", .nargs = 5, TIMED, STK1(4),
                             A("dt", "g", "m", "gstatus", "stack")},

    [SD_EV_Span] = {.name = "Span", .nargs = 4, TIMED, .experiment = 1,
                    A("dt", "id", "npages_value", "kindclass")},
    [SD_EV_SpanAlloc] = {.name = "SpanAlloc", .nargs = 4, TIMED, .experiment = 1,
                         A("dt", "id", "npages_value", "kindclass")},
    [SD_EV_SpanFree] = {.name = "SpanFree", .nargs = 2, TIMED, .experiment = 1, A("dt", "id")},
    [SD_EV_HeapObject] = {.name = "HeapObject", .nargs = 3, TIMED, .experiment = 1,
                          A("dt", "id", "type")},
    [SD_EV_HeapObjectAlloc] = {.name = "HeapObjectAlloc", .nargs = 3, TIMED, .experiment = 1,
                               A("dt", "id", "type")},
    [SD_EV_HeapObjectFree] = {.name = "HeapObjectFree", .nargs = 2, TIMED, .experiment = 1,
                              A("dt", "id")},
    [SD_EV_GoroutineStack] = {.name = "GoroutineStack", .nargs = 3, TIMED, .experiment = 1,
                              A("dt", "id", "order")},
    [SD_EV_GoroutineStackAlloc] = {.name = "GoroutineStackAlloc", .nargs = 3, TIMED,
                                   .experiment = 1, A("dt", "id", "order")},
    [SD_EV_GoroutineStackFree] = {.name = "GoroutineStackFree", .nargs = 2, TIMED,
                                  .experiment = 1, A("dt", "id")},
};

const char *sd_event_type_name(unsigned type)
{
    if (type == SD_EV_SYNC) return "Sync";
    if (type < SD__NSPECS && sd__specs[type].name) return sd__specs[type].name;
    return "Invalid";
}

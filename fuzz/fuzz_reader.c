/*
 * fuzz_reader.c - libFuzzer target for the trace reader: any byte string is
 * opened as a trace, read to the end or to its first error, and every
 * event is interpreted and printed in both formats.  Must never crash,
 * leak, or trip a sanitizer.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "stepdist/stepdist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    sd_trace *t = NULL;
    sd_printer *go, *js;
    sd_event ev;
    sd_error err;
    int rc, n = 0;
    if (!sink) sink = fopen("/dev/null", "w");
    if (sd_trace_open_mem(&t, data, size, "fuzz", NULL, &err) < 0) {
        if (!strstr(err.msg, "fuzz")) __builtin_trap(); /* errors name the input */
        return 0;
    }
    go = sd_printer_new(sink, SD_FORMAT_GO);
    js = sd_printer_new(sink, SD_FORMAT_JSON);
    while ((rc = sd_trace_next(t, &ev, &err)) > 0 && n++ < 1000000) {
        sd_transition tr;
        sd_stack st = sd_event_stack(&ev);
        size_t i, sum = 0;
        for (i = 0; i < st.n; i++) sum += st.frames[i].func.len + st.frames[i].file.len;
        if (sd_event_transition(&ev, &tr))
            for (i = 0; i < tr.stack.n; i++) sum += tr.stack.frames[i].line;
        (void)sum;
        if (go) sd_printer_event(go, &ev);
        if (js) sd_printer_event(js, &ev);
    }
    if (rc < 0 && !strstr(err.msg, "fuzz")) __builtin_trap();
    sd_printer_free(go);
    sd_printer_free(js);
    sd_trace_free(t);
    return 0;
}

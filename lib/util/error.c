/*
 * error.c - the error table and the sd_error record.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "stepdist/error.h"

const char *sd_strerror(int code)
{
    switch (code) {
#define SD_ERRNO_STR_(name, value, desc) \
    case (value):                        \
        return (desc);
        SD_ERRNO_MAP(SD_ERRNO_STR_)
#undef SD_ERRNO_STR_
    }
    return "unknown error";
}

void sd_error_clear(sd_error *e)
{
    if (!e) return;
    e->code = 0;
    e->offset = -1;
    e->msg[0] = '\0';
}

int sd_error_set(sd_error *e, int code, int64_t offset, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        e->code = code;
        e->offset = offset;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

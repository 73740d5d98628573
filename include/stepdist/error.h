/*
 * error.h - error codes and the error record every stepdist call fills in.
 *
 * Library functions never print and never exit: they return 0 (or a count)
 * on success and a negative SD_E* code on failure, and, when given an
 * sd_error, leave there a message naming the file, the byte offset and what
 * was expected.  Only the CLI prints it.
 */
#ifndef STEPDIST_ERROR_H
#define STEPDIST_ERROR_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* X(name, value, description) */
#define SD_ERRNO_MAP(X)                                                      \
    X(OK, 0, "success")                                                      \
    X(NOMEM, -1, "out of memory")                                            \
    X(IO, -2, "input/output error")                                          \
    X(FORMAT, -3, "malformed trace")                                         \
    X(VERSION, -4, "unsupported trace version")                              \
    X(BROKEN, -5, "inconsistent trace (event order or state)")               \
    X(INVAL, -6, "invalid argument")                                         \
    X(LIMIT, -7, "limit exceeded")

enum {
#define SD_ERRNO_ENUM_(name, value, desc) SD_E##name = (value),
    SD_ERRNO_MAP(SD_ERRNO_ENUM_)
#undef SD_ERRNO_ENUM_
};

#define SD_ERROR_MSG_MAX 1024

/* sd_error: caller-owned; no release needed.  offset is the byte offset in
 * the input the error refers to, or -1 when there is none. */
typedef struct sd_error {
    int code;
    int64_t offset;
    char msg[SD_ERROR_MSG_MAX];
} sd_error;

/* Returns a static description of code ("unknown error" for unknown codes). */
const char *sd_strerror(int code);

/* Clears e (code 0, offset -1, empty message).  e may be NULL. */
void sd_error_clear(sd_error *e);

/* Fills e (if not NULL) with code, offset and a printf-style message and
 * returns code, so that library code can write `return sd_error_set(...)`. */
int sd_error_set(sd_error *e, int code, int64_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#ifdef __cplusplus
}
#endif
#endif

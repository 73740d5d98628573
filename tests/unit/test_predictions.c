/*
 * test_predictions.c - the predictions reader: accepted forms, and lines
 * refused with the column and what was expected.
 */
#include <string.h>

#include "stepdist/predictions.h"
#include "unit.h"

static int parse(const char *s, sd_prediction *p, sd_error *err)
{
    return sd_prediction_parse(s, strlen(s), p, err);
}

static void test_accepted(void)
{
    sd_prediction p;
    sd_error err;
    CHECK(parse("{\"program\":\"/a/b\",\"point\":\"node:3\",\"q\":[0.1,0.2,0.3,0.2,0.1,0.1]}", &p, &err) == 1);
    CHECK_STR(p.program, "/a/b");
    CHECK_STR(p.point, "node:3");
    CHECK(p.q[2] == 0.3 && p.q[5] == 0.1);
    CHECK(parse(" { \"point\" : \"split:1:run:0\", \"extra\": [1, 2], \"ok\": true, \"n\": null,"
                " \"answer\": \"GoBlock\", \"program\": \"p\\u0041\\n\" } \r\n", &p, &err) == 1);
    CHECK_STR(p.program, "pA\n");
    CHECK(p.q[2] == 1 && p.q[0] == 0);
    CHECK(parse("   \n", &p, &err) == 0);
    /* q by name, as an export's answers read; missing types get 0 */
    CHECK(parse("{\"program\":\"a\",\"point\":\"node:1\",\"q\":{\"GoStart\":0.7,\"GoBlock\":0.3}}", &p, &err) == 1);
    CHECK(p.q[1] == 0.7 && p.q[2] == 0.3 && p.q[0] == 0 && p.q[5] == 0);
    CHECK(parse("{\"program\":\"a\",\"point\":\"node:1\",\"q\":{ \"GoEnd\" : 1 }}", &p, &err) == 1);
    CHECK(p.q[5] == 1);
    /* an export record with an answer added: its messages are skipped */
    CHECK(parse("{\"messages\":[{\"role\":\"user\",\"content\":\"a \\\"quoted\\\" [x] {y}\"},{\"n\":[1,[2,{}]]}],"
                "\"program\":\"a\",\"point\":\"split:2\",\"runs\":5,\"answer\":\"GoSched\"}", &p, &err) == 1);
    CHECK_STR(p.point, "split:2");
    CHECK(p.q[4] == 1);
}

static void refused(const char *line, const char *want)
{
    sd_prediction p;
    sd_error err;
    sd_error_clear(&err);
    CHECK(parse(line, &p, &err) == SD_EFORMAT);
    if (!strstr(err.msg, want)) fprintf(stderr, "for %s: got \"%s\", want \"%s\"\n", line, err.msg, want);
    CHECK(strstr(err.msg, want) != NULL);
}

static void test_refused(void)
{
    refused("[1]", "column 1: expected '{'");
    refused("{\"program\":\"a\",\"point\":\"b\",\"q\":[0.5,0.6,0,0,0,0]}", "sum to 1");
    refused("{\"program\":\"a\",\"point\":\"b\",\"q\":[1,0,0,0,0]}", "6 probabilities");
    refused("{\"program\":\"a\",\"point\":\"b\",\"q\":[1,0,0,0,0,]}", "expected a number");
    refused("{\"program\":\"a\",\"point\":\"b\",\"q\":[2,-1,0,0,0,0]}", "a probability >= 0");
    refused("{\"program\":\"a\",\"point\":\"b\",\"answer\":\"GoWait\"}", "an event type");
    refused("{\"program\":\"a\",\"point\":\"b\"}", "\"q\" or \"answer\"");
    refused("{\"program\":\"a\",\"point\":\"b\",\"answer\":\"GoEnd\"} x", "the end of the line");
    refused("{\"program\":\"a", "a closing quote");
    refused("{\"program\":\"a\\q\"}", "a valid escape");
    refused("{\"program\":\"a\",\"point\":\"b\",\"q\":[1e999,0,0,0,0,0]}", "a finite number");
    refused("{\"program\":\"a\",\"point\":\"b\",\"q\":{\"GoStart\":0.5}}", "sum to 1");
    refused("{\"program\":\"a\",\"point\":\"b\",\"q\":{\"GoWait\":1}}", "an event type");
    refused("{\"program\":\"a\",\"point\":\"b\",\"q\":{\"GoEnd\":0.5,\"GoEnd\":0.5}}", "each event type once");
    refused("{\"program\":\"a\",\"point\":\"b\",\"q\":{\"GoEnd\":1,}}", "a string");
    refused("{\"program\":\"a\",\"point\":\"b\",\"q\":\"GoEnd\"}", "'[' or '{'");
    refused("{\"x\":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]}", "nested at most 16 deep");
    refused("{\"x\":{\"a\" 1}}", "':'");
    refused("{\"x\":[1,2}", "',' or ']'");
}

int main(void)
{
    RUN(test_accepted);
    RUN(test_refused);
    return unit_done();
}

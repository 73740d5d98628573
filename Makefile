# stepdist - build the library, the CLI and the tests.
#   make               library + CLI in build/
#   make SANITIZE=1    the same with address+undefined sanitizers, in build-san/
#   make test          build and run every test (tests/run.sh)
#   make fuzz          libFuzzer targets (clang), in build-fuzz/
#   make bench         benchmarks (bench/run.sh)

CC ?= cc
PREFIX ?= /usr/local
VERSION := $(shell sed -n 's/^#define STEPDIST_VERSION "\(.*\)"/\1/p' include/stepdist/stepdist.h)
SANITIZE ?= 0
WERROR ?= 1

WARN := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wvla -Wno-format-nonliteral
ifeq ($(WERROR),1)
WARN += -Werror
endif

ifeq ($(SANITIZE),1)
BUILD ?= build-san
OPT := -O1 -g -fno-omit-frame-pointer
SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
else
BUILD ?= build
OPT := -O2 -g
SAN :=
endif

CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Iinclude -Ilib
CFLAGS += $(WARN) $(OPT) $(SAN)
LDFLAGS += $(SAN)
LDLIBS += -lsqlite3 -lm

LIB_SRC := $(wildcard lib/*/*.c)
CLI_SRC := $(wildcard cli/*.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)

# The Go harness (harness/) travels inside the library as generated C.
HARNESS_SRC := $(sort $(shell find harness -name '*.go' ! -name '*_test.go') harness/go.mod)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/harness_files.o
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all clean test unit fuzz fuzz-run check bench bench-model install corpus model
all: $(BUILD)/stepdist $(BUILD)/libstepdist.a

$(BUILD)/libstepdist.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/stepdist: $(CLI_OBJ) $(BUILD)/libstepdist.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libstepdist.a $(LDLIBS)

$(BUILD)/gen/harness_files.c: $(HARNESS_SRC) scripts/embed.sh
	@mkdir -p $(dir $@)
	sh scripts/embed.sh $@ sd__harness_files harness $(HARNESS_SRC)

$(BUILD)/gen/harness_files.o: $(BUILD)/gen/harness_files.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/unit.h tests/unit/tracebuild.h tests/unit/failalloc.h $(BUILD)/libstepdist.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Ilib $(CFLAGS) -o $@ $< $(BUILD)/libstepdist.a $(LDLIBS)

$(BUILD)/txt2trace: tests/tools/txt2trace.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(LDLIBS)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libstepdist.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/libstepdist.a $(LDLIBS)

unit: $(UNIT_BIN) $(BUILD)/txt2trace

test: all unit
	BUILD=$(BUILD) SANITIZE=$(SANITIZE) bash tests/run.sh

FUZZ_BUILD := build-fuzz
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=$(FUZZ_BUILD)/%)
fuzz: $(FUZZ_BIN)
$(FUZZ_BUILD)/%: fuzz/%.c $(LIB_SRC) $(wildcard lib/*/*.h) $(wildcard include/stepdist/*.h) $(BUILD)/gen/harness_files.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o $@ $< $(LIB_SRC) $(BUILD)/gen/harness_files.c $(LDLIBS)

# Runs each fuzz target (reader, predictions) for FUZZ_SECONDS over its seed
# corpus (fuzz/corpus/<target>/).
FUZZ_SECONDS ?= 30
fuzz-run: fuzz $(BUILD)/txt2trace
	BUILD=$(BUILD) bash fuzz/run.sh $(FUZZ_SECONDS)

# The README's test command: sanitized build, every test, bounded fuzzing.
check:
	$(MAKE) SANITIZE=1 test
	$(MAKE) fuzz-run

# Collects the hand-written corpus into out/corpus (resumable; see the script).
corpus: all
	bash scripts/corpus.sh

bench: all $(BUILD)/bench/bench_parse
	BUILD=$(BUILD) bash bench/run.sh

# The model's training time and prediction cost on a collected corpus
# (CATALOG, default out/corpus/stepdist.db).
bench-model: all $(BUILD)/bench/bench_model
	BUILD=$(BUILD) bash bench/model.sh $(CATALOG)

install: all $(BUILD)/stepdist.1
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/stepdist \
	    $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/stepdist
	install -m 755 $(BUILD)/stepdist $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(BUILD)/libstepdist.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/stepdist/*.h $(DESTDIR)$(PREFIX)/include/stepdist/
	install -m 644 $(BUILD)/stepdist.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	printf 'prefix=%s\nincludedir=$${prefix}/include\nlibdir=$${prefix}/lib\n\nName: stepdist\nDescription: %s\nVersion: %s\nLibs: -L$${libdir} -lstepdist -lsqlite3 -lm\nCflags: -I$${includedir}\n' \
	    '$(PREFIX)' 'Go execution traces, next-event distributions and models' '$(VERSION)' \
	    >$(DESTDIR)$(PREFIX)/lib/pkgconfig/stepdist.pc
	install -m 644 models/default.sdmodel $(DESTDIR)$(PREFIX)/share/stepdist/

# The manual page comes from the same texts as --help.
$(BUILD)/stepdist.1: $(BUILD)/stepdist
	$(BUILD)/stepdist --man >$@

# The bundled model (models/default.sdmodel), retrained from a collected
# corpus (make corpus); the runs are random, so a retrained model is like
# the bundled one, not equal to it.
model: all
	$(BUILD)/stepdist train --catalog $(or $(CATALOG),out/corpus/stepdist.db) -o models/default.sdmodel

clean:
	rm -rf build build-san build-fuzz

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

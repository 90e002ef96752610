# tests/fuzz/: the libFuzzer target for the verifier and the interpreter.
#
#   make check-fuzz [FUZZ_SECONDS=60]   fuzz a copy of the seed corpus
#   make check-fuzz-replay              run every seed once, no libFuzzer
#
# The fuzzer is always clang with its own flags (libFuzzer + ASan + UBSan
# and coverage on the core too), whatever CC and SAN say, so its binaries
# stay out of PROGS: `make san` must not try to rebuild them. The seed
# corpus ($(BUILD)/fuzz/seeds) is generated from tests/unit/verify_cases.h
# and examples/programs/*.s at build time and never committed.
FUZZ_CC		:= clang
FUZZ_SECONDS	?= 60
FUZZ_CPPFLAGS	:= -D_GNU_SOURCE -Iinclude/uapi -Icore -Ilib/include -Itests
FUZZ_CFLAGS	:= -std=c11 $(WARN) -g -O1 $(FUZZ_CPPFLAGS) \
		   -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_REPLAY_SAN	:= -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer
FUZZ_CORE_SRCS	:= $(wildcard core/*.c)
FUZZ_DEPS	:= tests/fuzz/fuzz_verify.c tests/fuzz/fuzz_input.h \
		   $(FUZZ_CORE_SRCS) $(wildcard core/*.h) include/uapi/uirq.h
FUZZ_PROGRAMS	:= $(wildcard examples/programs/*.s)
FUZZ_SEEDS	:= $(BUILD)/fuzz/seeds/.stamp

$(BUILD)/fuzz/fuzz_verify: $(FUZZ_DEPS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ tests/fuzz/fuzz_verify.c $(FUZZ_CORE_SRCS)

# The same target under gcc with a main() that replays files, sanitized
# whatever SAN says: the corpus is checked without clang or libFuzzer.
$(BUILD)/fuzz/fuzz_replay: $(FUZZ_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) $(FUZZ_REPLAY_SAN) -DFUZZ_REPLAY_MAIN -o $@ \
		tests/fuzz/fuzz_verify.c $(FUZZ_CORE_SRCS) $(LDFLAGS_USER) \
		$(FUZZ_REPLAY_SAN)

$(BUILD)/fuzz/gen_seeds: $(BUILD)/tests/fuzz/gen_seeds.o $(BUILD)/libuirq.a
	$(CC) $(CFLAGS_USER) -o $@ $^ $(LDFLAGS_USER)

$(BUILD)/tests/fuzz/gen_seeds.o: tests/fuzz/fuzz_input.h tests/unit/verify_cases.h

$(FUZZ_SEEDS): $(BUILD)/fuzz/gen_seeds $(FUZZ_PROGRAMS)
	rm -rf $(dir $@)
	mkdir -p $(dir $@)
	$(BUILD)/fuzz/gen_seeds $(dir $@) $(FUZZ_PROGRAMS)
	touch $@

.PHONY: fuzz-build check-fuzz check-fuzz-replay
fuzz-build: $(BUILD)/fuzz/fuzz_verify $(BUILD)/fuzz/fuzz_replay $(FUZZ_SEEDS)

# fuzz-replay-m32: the seeds through the i386 core (sanitized too).
CHECK_SUITES += fuzz-replay fuzz-replay-m32 fuzz
M32_SUITES += fuzz-replay
check-fuzz: $(BUILD)/fuzz/fuzz_verify $(FUZZ_SEEDS)
	@tests/fuzz/run-fuzz.sh $(BUILD)/fuzz/fuzz_verify $(BUILD)/fuzz/seeds \
		$(FUZZ_SECONDS) $(BUILD)/fuzz/crashes
check-fuzz-replay: $(BUILD)/fuzz/fuzz_replay $(FUZZ_SEEDS)
	@$(BUILD)/fuzz/fuzz_replay $(BUILD)/fuzz/seeds

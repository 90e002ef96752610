# bench/: the interpreter benchmark (`make bench`; not part of `make check`,
# its figures depend on the machine and are printed, never asserted).
#
#   make bench                 wall time (medians) and callgrind counts
#   BENCH_RUNS=N               runs per variant under callgrind (20000)
BENCH_RUNS	?= 20000
BENCH_BIN	:= $(BUILD)/bench/bench_interp

$(BENCH_BIN): $(BUILD)/bench/bench_interp.o $(CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) -o $@ $^ $(LDFLAGS_USER)

PROGS += $(BENCH_BIN)

# The embedded program must be edu-ack.s: compare it with the assembler's
# output when both exist, then time, then count.
bench: $(BENCH_BIN)
	@if [ -x $(BUILD)/uirqctl ] && [ -f examples/programs/edu-ack.s ]; then \
		t=$$(mktemp -d) && \
		$(BUILD)/uirqctl asm examples/programs/edu-ack.s -o $$t/asm.bin && \
		$(BENCH_BIN) --dump $$t/emb.bin && \
		if cmp -s $$t/asm.bin $$t/emb.bin; then \
			echo "bench: embedded program = examples/programs/edu-ack.s"; \
		else echo "bench: WARNING: embedded program differs from examples/programs/edu-ack.s"; fi; \
		rm -rf $$t; \
	fi
	$(BENCH_BIN)
	bench/callgrind.sh $(BENCH_BIN) $(BENCH_RUNS)

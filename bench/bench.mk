# bench/: the benchmarks (`make bench`; not part of `make check`, their
# figures depend on the machine and are printed, never asserted).
#
#   make bench                 the interpreter benchmark (wall time medians
#                              and callgrind counts), then make bench-vm
#   make bench-vm              the round-trip benchmark in the VM: uirq's
#                              driver loops, a hand-written UIO stub and
#                              uio_pci_generic side by side in one boot,
#                              then the sharer test; prints the table and
#                              writes docs/benchmarks.md and .png
#                              (bench/bench-vm.sh)
#   make stub                  the UIO stub, bench/stub/edu_uio_stub.ko,
#                              for $(KVER) in $(BUILD)/stub/<version>/
#   BENCH_RUNS=N               runs per variant under callgrind (20000)
#   BENCH_ROUNDS=N             bench-vm's interleaved rounds (5, at least 5)
#   BENCH_COUNT=N              bench-vm's round trips per run (20000)
#   BENCH_TRACE_COUNT=N        round trips per mode of the traced run that
#                              counts device accesses (1000; 0: none)
#   BENCH_KDRV_SECS=S          seconds per sharer-test measurement (2)
BENCH_RUNS	?= 20000
BENCH_ROUNDS	?= 5
BENCH_COUNT	?= 20000
BENCH_TRACE_COUNT ?= 1000
BENCH_KDRV_SECS	?= 2
BENCH_BIN	:= $(BUILD)/bench/bench_interp

$(BENCH_BIN): $(BUILD)/bench/bench_interp.o $(CORE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) -o $@ $^ $(LDFLAGS_USER)

PROGS += $(BENCH_BIN)

# The guest's driver loops (tests/vm/guest/bench_rt.c, a VM guest program
# of tests/vm/vm.mk) load the documented edu programs.
$(BUILD)/tests/vm/guest/bench_rt.o: $(BUILD)/examples/edu/edu-programs.h
$(BUILD)/tests/vm/guest/bench_rt.o: CFLAGS_USER += -I$(BUILD)/examples/edu

# The stub: like edu_kdrv (tests/vm/vm.mk), built per kernel in its own
# copy of the sources, never in the tree, never installed; tests/vm/run
# --ko puts it in the initramfs.
STUB_SRCS	:= bench/stub/Kbuild bench/stub/edu_uio_stub.c
STUB_KO		:= $(BUILD)/stub/$(KVER)/edu_uio_stub.ko

$(STUB_KO): $(STUB_SRCS)
	@[ -n "$(KDIR)" ] && [ -d "$(KDIR)" ] || { echo "no kernel headers at '$(KDIR)' (make deps)" >&2; exit 1; }
	@mkdir -p $(dir $@)
	cp -p $(STUB_SRCS) $(dir $@)
	$(MAKE) -C $(KDIR) M=$(abspath $(dir $@)) modules

.PHONY: stub bench-vm
stub: $(STUB_KO)

# The embedded program must be edu-ack.s: compare it with the assembler's
# output when both exist, then time, then count; then the VM part.
bench: $(BENCH_BIN)
	scripts/deps.sh bench
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
	$(MAKE) --no-print-directory bench-vm

# (VM_DEPS, EDU_KDRV_KO: tests/vm/vm.mk, included later; recipes only.)
bench-vm:
	scripts/deps.sh bench
	$(MAKE) --no-print-directory $(VM_DEPS) $(BUILD)/vm-guest/bench_rt
	$(MAKE) --no-print-directory module
	$(MAKE) --no-print-directory $(EDU_KDRV_KO) $(STUB_KO)
	@BUILD=$(BUILD) KVER=$(KVER) BENCH_ROUNDS=$(BENCH_ROUNDS) \
		BENCH_COUNT=$(BENCH_COUNT) BENCH_TRACE_COUNT=$(BENCH_TRACE_COUNT) \
		BENCH_KDRV_SECS=$(BENCH_KDRV_SECS) \
		bench/bench-vm.sh --kdrv $(EDU_KDRV_KO) --stub $(STUB_KO)

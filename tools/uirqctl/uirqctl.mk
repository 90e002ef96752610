# tools/uirqctl/: the command-line tool, linked statically against
# libuirq.a so that it runs from the build tree; its shell tests. The
# *-m32 suites (Makefile) run the same from build-m32/.
UIRQCTL_SRCS	:= $(wildcard tools/uirqctl/*.c)
UIRQCTL_OBJS	:= $(UIRQCTL_SRCS:%.c=$(BUILD)/%.o)

$(BUILD)/uirqctl: $(UIRQCTL_OBJS) $(LIBUIRQ_A)
	$(CC) $(CFLAGS_USER) -o $@ $(UIRQCTL_OBJS) $(LIBUIRQ_A) $(LDFLAGS_USER)

$(BUILD)/tests/unit/test_asm: $(BUILD)/tests/unit/test_asm.o $(LIBUIRQ_A)
	$(CC) $(CFLAGS_USER) -o $@ $< $(LIBUIRQ_A) $(LDFLAGS_USER)

# The same tests against libuirq.so: proves the version script exports
# everything the public header declares for programs.
$(BUILD)/tests/unit/test_asm_so: $(BUILD)/tests/unit/test_asm.o $(BUILD)/libuirq.so
	$(CC) $(CFLAGS_USER) -o $@ $< -L$(BUILD) -luirq \
		-Wl,-rpath,'$$ORIGIN/../..' $(LDFLAGS_USER)

PROGS += $(BUILD)/uirqctl $(BUILD)/tests/unit/test_asm $(BUILD)/tests/unit/test_asm_so
CHECK_SUITES += asm asm-san asm-m32 asm-so asm-so-m32 uirqctl uirqctl-san \
	uirqctl-m32 sim-models sim-models-san sim-models-m32
M32_SUITES += asm asm-so uirqctl sim-models

.PHONY: check-asm check-asm-san check-asm-so check-uirqctl check-uirqctl-san demo-offline
check-asm: $(BUILD)/tests/unit/test_asm
	cd tests/unit && ../../$(BUILD)/tests/unit/test_asm
check-asm-san:
	$(MAKE) --no-print-directory BUILD=build-san SAN=1 build-san/tests/unit/test_asm
	cd tests/unit && ../../build-san/tests/unit/test_asm
check-asm-so: $(BUILD)/tests/unit/test_asm_so
	cd tests/unit && ../../$(BUILD)/tests/unit/test_asm_so
check-uirqctl: $(BUILD)/uirqctl
	tests/tools/test_uirqctl.sh $(BUILD)/uirqctl
check-uirqctl-san:
	$(MAKE) --no-print-directory BUILD=build-san SAN=1 build-san/uirqctl
	tests/tools/test_uirqctl.sh build-san/uirqctl

# The example programs against their register models, and --device on a
# fake sysfs tree.
.PHONY: check-sim-models check-sim-models-san
check-sim-models: $(BUILD)/uirqctl
	tests/tools/test_sim_models.sh $(BUILD)/uirqctl
check-sim-models-san:
	$(MAKE) --no-print-directory BUILD=build-san SAN=1 build-san/uirqctl
	tests/tools/test_sim_models.sh build-san/uirqctl

demo-offline: $(BUILD)/uirqctl
	scripts/demo-offline.sh $(BUILD)/uirqctl

# uirqctl top, list --json and stats --json on a fake sysfs and /proc
# tree; the JSON is checked with Python's json module.
CHECK_SUITES += top top-san
.PHONY: check-top check-top-san
check-top: $(BUILD)/uirqctl
	tests/tools/test_top.sh $(BUILD)/uirqctl
check-top-san:
	$(MAKE) --no-print-directory BUILD=build-san SAN=1 build-san/uirqctl
	tests/tools/test_top.sh build-san/uirqctl

# tests/vm/: the real-kernel tests. tests/vm/run boots the Debian kernel
# under QEMU (TCG) with edu devices sharing one INTx line and runs a guest
# scenario (tests/vm/scenarios/*.sh); the guest programs below are linked
# statically so the initramfs needs no libraries for them.
#
#   make check-vm-harness  tests/vm/run catches dmesg findings and hangs
#   make check-vm-shared   S1: three uirq-edu drivers, 10,000 interrupts each
#   make check-vm-uio      S2: uio_pci_generic and uirq side by side
#   make check-vm-reject   S3: what the kernel refuses
#   make check-vm-events   ring overflow, count read, eventfd, UNMASK re-check
#   make check-vm-kill     S4: kill -9 and unbind under load
#   make check-vm-threadirqs, check-vm-smp2   S5: S1 with threadirqs, 2 CPUs
#   make check-vm-rt       S1 on the PREEMPT_RT kernel (handlers force-threaded)
#   make module-rt         uirq.ko for $(KVER_RT), in $(BUILD)/kmod-rt/
#   make demo              boot, bind three edu devices, drive them, show it
VM_GUEST_NAMES	:= edu_hold uio_edu test_reject test_events
VM_GUEST_PROGS	:= $(VM_GUEST_NAMES:%=$(BUILD)/vm-guest/%)
# ASan cannot be linked statically: the sanitizer build of these programs
# is dynamic (and only built, never booted).
ifeq ($(SAN),1)
VM_LDSTATIC	:=
else
VM_LDSTATIC	:= -static
endif

$(BUILD)/vm-guest/%: $(BUILD)/tests/vm/guest/%.o $(LIBUIRQ_A)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) $(VM_LDSTATIC) -o $@ $< $(LIBUIRQ_A) $(LDFLAGS_USER)

# Keep the objects: make would delete them as intermediates.
.SECONDARY: $(VM_GUEST_NAMES:%=$(BUILD)/tests/vm/guest/%.o)

PROGS += $(VM_GUEST_PROGS)

VM_RUN		:= BUILD=$(BUILD) KVER=$(KVER) tests/vm/run
VM_DEPS		:= $(VM_GUEST_PROGS) $(BUILD)/uirq-edu $(BUILD)/uirqctl

# The PREEMPT_RT kernel: the newest installed -rt- headers (make deps).
KVER_RT	?= $(shell ls /usr/src 2>/dev/null | sed -n 's/^linux-headers-\(.*-rt-amd64\)$$/\1/p' | sort -V | tail -n 1)
KDIR_RT	?= /usr/src/linux-headers-$(KVER_RT)
# Kbuild builds in the source tree (M=): a second kernel's build there
# would replace the objects and uirq.ko of the first. The RT module is
# built in a copy of the sources instead, kept between builds so that
# Kbuild rebuilds only what changed (tar keeps the sources' mtimes).
VM_RT_DIR	:= $(BUILD)/kmod-rt
VM_RT_KO	:= $(VM_RT_DIR)/uirq.ko
VM_RT_SRCS	:= Kbuild $(wildcard include/uapi/*.h kmod/*.c kmod/*.h core/*.c core/*.h)

$(VM_RT_KO): $(VM_RT_SRCS)
	@[ -d "$(KDIR_RT)" ] || { echo "no PREEMPT_RT kernel headers at '$(KDIR_RT)' (make deps)" >&2; exit 1; }
	@mkdir -p $(VM_RT_DIR)
	tar -cf - $(VM_RT_SRCS) | tar -xf - -C $(VM_RT_DIR)
	$(MAKE) -C $(KDIR_RT) M=$(abspath $(VM_RT_DIR)) modules

.PHONY: module-rt
module-rt: $(VM_RT_KO)

CHECK_SUITES += vm-harness vm-shared vm-uio vm-reject vm-events vm-kill vm-threadirqs vm-smp2 vm-rt
.PHONY: check-vm-shared check-vm-uio check-vm-reject check-vm-events check-vm-kill \
	check-vm-threadirqs check-vm-smp2 check-vm-harness check-vm-rt

check-vm-shared: $(VM_DEPS)
	@$(VM_RUN) --edu 3 shared
check-vm-uio: $(VM_DEPS)
	@$(VM_RUN) --edu 3 uio
check-vm-reject: $(VM_DEPS)
	@$(VM_RUN) --edu 3 reject
check-vm-events: $(VM_DEPS)
	@$(VM_RUN) --edu 3 events
check-vm-kill: $(VM_DEPS)
	@$(VM_RUN) --edu 3 kill
check-vm-threadirqs: $(VM_DEPS)
	@$(VM_RUN) --edu 3 --append threadirqs shared
check-vm-smp2: $(VM_DEPS)
	@$(VM_RUN) --edu 3 --smp 2 shared

# S1 on PREEMPT_RT: every uirq handler runs in an IRQ thread there, so the
# ack program runs in a thread with the line masked. The RT module is built
# here rather than as a prerequisite so that a failed build is a counted
# failure with its reason, not a suite without a summary.
check-vm-rt: $(VM_DEPS)
	@if [ -z "$(KVER_RT)" ] || [ ! -d "$(KDIR_RT)" ] || [ ! -f /boot/vmlinuz-$(KVER_RT) ]; then \
		echo "FAIL vm-rt: no PREEMPT_RT kernel and headers (KVER_RT='$(KVER_RT)'; make deps)"; \
		echo "0 passed, 1 failed"; exit 1; \
	fi; \
	if ! $(MAKE) --no-print-directory -s $(VM_RT_KO) >$(BUILD)/kmod-rt.log 2>&1; then \
		cat $(BUILD)/kmod-rt.log; \
		echo "FAIL vm-rt: building uirq.ko for $(KVER_RT) failed"; \
		echo "0 passed, 1 failed"; exit 1; \
	fi; \
	BUILD=$(BUILD) KVER=$(KVER_RT) tests/vm/run --module $(VM_RT_KO) --edu 3 rt

# The harness judging itself: a clean run passes, a WARNING in dmesg, a
# hung guest (a deliberate 20 s timeout) and a silent failure fail.
check-vm-harness:
	@tests/vm/selftest.sh

demo:
	scripts/deps.sh all
	$(MAKE) --no-print-directory $(VM_DEPS)
	$(MAKE) --no-print-directory module
	@BUILD=$(BUILD) KVER=$(KVER) scripts/demo.sh

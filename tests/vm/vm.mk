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

CHECK_SUITES += vm-harness vm-shared vm-uio vm-reject vm-events vm-kill vm-threadirqs vm-smp2
.PHONY: check-vm-shared check-vm-uio check-vm-reject check-vm-events check-vm-kill \
	check-vm-threadirqs check-vm-smp2 check-vm-harness

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

# The harness judging itself: a clean run passes, a WARNING in dmesg, a
# hung guest (a deliberate 20 s timeout) and a silent failure fail.
check-vm-harness:
	@tests/vm/selftest.sh

demo:
	scripts/deps.sh all
	$(MAKE) --no-print-directory $(VM_DEPS)
	$(MAKE) --no-print-directory module
	@BUILD=$(BUILD) KVER=$(KVER) scripts/demo.sh

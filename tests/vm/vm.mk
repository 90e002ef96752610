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
#   make check-vm-kdrv     edu_kdrv (an in-kernel driver) beside three uirq
#                          drivers on the line: exact counts for all four
#   make check-kdrv-w1     edu_kdrv.c: W=1 build and sparse
#   make check-vm-fault    the storm guard: two faulty programs beside two
#                          uirq drivers and edu_kdrv; a flood that must not trip
#   make check-vm-teardown the "never asserting" rules and a kill -9 loop
#                          (both also -threadirqs and -rt)
#   make check-vm-threadirqs, check-vm-smp2   S5: S1 with threadirqs, 2 CPUs
#   make check-vm-rt       S1 on the PREEMPT_RT kernel (handlers force-threaded)
#   make module-rt         uirq.ko for $(KVER_RT), in $(BUILD)/kmod-rt/
#   make kdrv, kdrv-rt     edu_kdrv.ko for $(KVER) / $(KVER_RT), in
#                          $(BUILD)/kdrv/<version>/
#   make check-vm-kdrv-rt  check-vm-kdrv on the PREEMPT_RT kernel (not in
#                          make check)
#   make check-vm-devices  e1000, pci-serial and pci-serial-4x driven from user
#                          space beside edu drivers and edu_kdrv on one line
#   make demo              boot, bind three edu devices, drive them, show it
VM_GUEST_NAMES	:= edu_hold uio_edu test_reject test_events edu_dma edu_fault runas msix_probe fuzz_dev test_wait \
	bench_rt test_res devdrv test_msi
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

# edu_kdrv.ko (tests/vm/kdrv/): an ordinary kernel driver for the edu
# device, a neighbour for uirq's handlers on the shared line. Built for
# each kernel in its own copy of the sources, $(BUILD)/kdrv/<version>/,
# never in the tree: Kbuild writes its objects next to the sources, and
# the two kernels' objects must not mix. tests/vm/run finds
# $(BUILD)/kdrv/$KVER/edu_kdrv.ko by itself; --kdrv names another.
EDU_KDRV_SRCS	:= tests/vm/kdrv/Kbuild tests/vm/kdrv/edu_kdrv.c
EDU_KDRV_KO	:= $(BUILD)/kdrv/$(KVER)/edu_kdrv.ko
EDU_KDRV_RT_KO	:= $(BUILD)/kdrv/$(KVER_RT)/edu_kdrv.ko

# $(call edu_kdrv_build,KDIR): build $@ in its directory against KDIR
# (cp -p keeps the sources' mtimes, so Kbuild rebuilds only on a change).
define edu_kdrv_build
	@[ -n "$(1)" ] && [ -d "$(1)" ] || { echo "no kernel headers at '$(1)' (make deps)" >&2; exit 1; }
	@mkdir -p $(dir $@)
	cp -p $(EDU_KDRV_SRCS) $(dir $@)
	$(MAKE) -C $(1) M=$(abspath $(dir $@)) modules
endef

$(EDU_KDRV_KO): $(EDU_KDRV_SRCS)
	$(call edu_kdrv_build,$(KDIR))
ifneq ($(KVER_RT),$(KVER))
$(EDU_KDRV_RT_KO): $(EDU_KDRV_SRCS)
	$(call edu_kdrv_build,$(KDIR_RT))
endif

.PHONY: kdrv kdrv-rt
kdrv: $(EDU_KDRV_KO)
kdrv-rt: $(EDU_KDRV_RT_KO)

CHECK_SUITES += kdrv-w1 vm-harness vm-shared vm-uio vm-reject vm-events vm-kill vm-dma vm-kdrv \
	vm-fault vm-teardown vm-security vm-m32 vm-threadirqs vm-smp2 vm-rt vm-fault-threadirqs vm-fault-rt \
	vm-teardown-threadirqs vm-teardown-rt
.PHONY: check-vm-shared check-vm-uio check-vm-reject check-vm-events check-vm-kill check-vm-dma \
	check-vm-threadirqs check-vm-smp2 check-vm-harness check-vm-rt \
	check-vm-kdrv check-vm-kdrv-rt check-kdrv-w1 check-vm-fault check-vm-fault-threadirqs \
	check-vm-fault-rt check-vm-teardown check-vm-teardown-threadirqs check-vm-teardown-rt \
	check-vm-security check-vm-m32

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
# The i386 builds come from make m32 (a suite must build what it needs).
check-vm-m32: $(VM_DEPS)
	@if ! $(MAKE) --no-print-directory -s m32 >$(BUILD)/m32.log 2>&1; then \
		tail -n 20 $(BUILD)/m32.log; \
		echo "FAIL vm-m32: make m32 failed"; echo "0 passed, 1 failed"; exit 1; \
	fi; \
	$(VM_RUN) --edu 3 m32
check-vm-security: $(VM_DEPS)
	@$(VM_RUN) --edu 3 --device e1000e,addr=14.0 security
check-vm-dma: $(VM_DEPS)
	@$(VM_RUN) --edu 3 dma
check-vm-threadirqs: $(VM_DEPS)
	@$(VM_RUN) --edu 3 --append threadirqs shared
check-vm-smp2: $(VM_DEPS)
	@$(VM_RUN) --edu 3 --smp 2 shared

# The device-file fuzzer (tests/vm/scenarios/fuzzdev.sh, guest fuzz_dev):
# hostile ioctls, loads, reads, writes, mappings from two threads while
# the device interrupts; only errnos may come back, dmesg must stay clean.
# UIRQ_WAIT, the unmask that needs no system call, the shared event ring
# (tests/vm/scenarios/wait.sh, guest test_wait).
CHECK_SUITES += vm-wait

# Non-PCI devices made through /dev/uirq/control: LDD3's short on LPT1
# (0x378, IRQ 7, edge) with uirq-short, and a 16550 on isa-serial at
# 0x3e8/IRQ 5 (level: QEMU's MADT), which the scenario takes from the
# kernel's serial driver first (tests/vm/scenarios/isa.sh). A -device
# isa-serial turns off QEMU's default serial port, the console, and its
# monitor on stdio: -serial mon:stdio -monitor none put the console back.
# (Not 8250.nr_uarts=1 to keep the 8250 driver off: its PNP probe runs
# before the legacy ports are configured and hands the one port, ttyS0,
# the console, to the UART at 0x3e8.)
CHECK_SUITES += vm-isa
.PHONY: check-vm-isa
check-vm-isa: $(VM_DEPS) $(BUILD)/uirq-short
	@$(VM_RUN) --edu 3 \
		--qemu-arg -serial --qemu-arg mon:stdio --qemu-arg -monitor --qemu-arg none \
		--qemu-arg -chardev --qemu-arg null,id=com3 \
		--device isa-serial,chardev=com3,iobase=0x3e8,irq=5 isa
.PHONY: check-vm-wait
check-vm-wait: $(VM_DEPS)
	@$(VM_RUN) --edu 3 wait

CHECK_SUITES += vm-fuzzdev fuzzdev-offline
.PHONY: check-vm-fuzzdev check-fuzzdev-offline
check-vm-fuzzdev: $(VM_DEPS)
	@$(VM_RUN) --edu 3 fuzzdev
# Its program generator on the host, under ASan+UBSan: 100,000 programs
# through the offline verifier, none of those it accepts may store into
# the deny-list (edu's DMA engine, bus mastering).
check-fuzzdev-offline:
	$(MAKE) --no-print-directory BUILD=build-san SAN=1 build-san/vm-guest/fuzz_dev
	@if build-san/vm-guest/fuzz_dev --offline 100000 --seed 20250611; then \
		echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi

# $(call vm_kdrv,SUITE,RUN-ARGS): tests/vm/run RUN-ARGS on the stock kernel
# with edu_kdrv.ko. Like vm-rt, the module is built here so that a failed
# build is a counted failure with its reason.
define vm_kdrv
	@if ! $(MAKE) --no-print-directory -s $(EDU_KDRV_KO) >$(BUILD)/kdrv.log 2>&1; then \
		cat $(BUILD)/kdrv.log; \
		echo "FAIL $(1): building edu_kdrv.ko for $(KVER) failed"; \
		echo "0 passed, 1 failed"; exit 1; \
	fi; \
	$(VM_RUN) --kdrv $(EDU_KDRV_KO) $(2)
endef

# $(call vm_kdrv_rt,SUITE,RUN-ARGS): the same on PREEMPT_RT (uirq's and
# edu_kdrv's handlers force-threaded, the hrtimer in softirq context),
# with uirq.ko and edu_kdrv.ko built for $(KVER_RT).
define vm_kdrv_rt
	@if [ -z "$(KVER_RT)" ] || [ ! -d "$(KDIR_RT)" ] || [ ! -f /boot/vmlinuz-$(KVER_RT) ]; then \
		echo "FAIL $(1): no PREEMPT_RT kernel and headers (KVER_RT='$(KVER_RT)'; make deps)"; \
		echo "0 passed, 1 failed"; exit 1; \
	fi; \
	if ! $(MAKE) --no-print-directory -s $(VM_RT_KO) $(EDU_KDRV_RT_KO) >$(BUILD)/kdrv-rt.log 2>&1; then \
		cat $(BUILD)/kdrv-rt.log; \
		echo "FAIL $(1): building uirq.ko or edu_kdrv.ko for $(KVER_RT) failed"; \
		echo "0 passed, 1 failed"; exit 1; \
	fi; \
	BUILD=$(BUILD) KVER=$(KVER_RT) tests/vm/run --module $(VM_RT_KO) \
		--kdrv $(EDU_KDRV_RT_KO) $(2)
endef

# edu_kdrv on the 4th edu device, uirq on the other three, all on one line.
check-vm-kdrv: $(VM_DEPS)
	$(call vm_kdrv,vm-kdrv,--edu 4 kdrv)
check-vm-kdrv-rt: $(VM_DEPS)
	$(call vm_kdrv_rt,vm-kdrv-rt,--edu 4 kdrv)

# The storm guard (tests/vm/scenarios/fault.sh) and the teardown rules
# (teardown.sh), beside edu_kdrv; each also with threadirqs and on RT.
check-vm-fault: $(VM_DEPS)
	$(call vm_kdrv,vm-fault,--edu 4 fault)
check-vm-fault-threadirqs: $(VM_DEPS)
	$(call vm_kdrv,vm-fault-threadirqs,--edu 4 --append threadirqs fault)
check-vm-fault-rt: $(VM_DEPS)
	$(call vm_kdrv_rt,vm-fault-rt,--edu 4 fault)
check-vm-teardown: $(VM_DEPS)
	$(call vm_kdrv,vm-teardown,--edu 4 teardown)
check-vm-teardown-threadirqs: $(VM_DEPS)
	$(call vm_kdrv,vm-teardown-threadirqs,--edu 4 --append threadirqs teardown)
# On PREEMPT_RT under TCG every step of the kill loop is several times
# slower (100 kills took 270-300 s, at the edge of the default timeout):
# 40 kills there, 10 of each kind, with room to spare.
check-vm-teardown-rt: $(VM_DEPS)
	$(call vm_kdrv_rt,vm-teardown-rt,--edu 4 --timeout 600 teardown 40)

# edu_kdrv.c's W=1 and sparse checks, as check-kmod-w1 does for uirq.ko,
# in a fresh scratch copy of its own.
EDU_KDRV_W1	:= $(BUILD)/kdrv-w1
check-kdrv-w1:
	@pass=0; fail=0; \
	if [ ! -d "$(KDIR)" ]; then \
		echo "FAIL edu_kdrv: no W=1 warnings: no kernel headers at '$(KDIR)'"; \
		echo "FAIL edu_kdrv: no sparse warnings: no kernel headers at '$(KDIR)'"; \
		echo "0 passed, 2 failed"; exit 1; \
	fi; \
	rm -rf $(EDU_KDRV_W1); mkdir -p $(EDU_KDRV_W1); \
	cp -p $(EDU_KDRV_SRCS) $(EDU_KDRV_W1)/; \
	dir=$$(cd $(EDU_KDRV_W1) && pwd); \
	$(MAKE) -s -C $(KDIR) M=$$dir W=1 modules >$$dir/w1.log 2>&1; rc=$$?; \
	n=$$(grep -cE 'warning:|error:' $$dir/w1.log); \
	if [ $$rc -eq 0 ] && [ $$n -eq 0 ] && [ -f $$dir/edu_kdrv.ko ]; then \
		echo "ok   edu_kdrv: no W=1 warnings"; pass=$$((pass + 1)); \
	else \
		cat $$dir/w1.log; echo "FAIL edu_kdrv: no W=1 warnings: $$n warnings/errors, exit $$rc"; \
		fail=$$((fail + 1)); \
	fi; \
	if ! command -v sparse >/dev/null; then \
		echo "FAIL edu_kdrv: no sparse warnings: sparse not installed (make deps)"; \
		fail=$$((fail + 1)); \
	else \
		MAKEFLAGS= $(MAKE) -C $(KDIR) M=$$dir W=1 C=2 modules >$$dir/sparse.log 2>&1; rc=$$?; \
		n=$$(grep -cE 'warning:|error:' $$dir/sparse.log); \
		if [ $$rc -eq 0 ] && [ $$n -eq 0 ] && grep -q "CHECK .*edu_kdrv.c" $$dir/sparse.log; then \
			echo "ok   edu_kdrv: no sparse warnings"; pass=$$((pass + 1)); \
		else \
			cat $$dir/sparse.log; echo "FAIL edu_kdrv: no sparse warnings: $$n warnings/errors, exit $$rc"; \
			fail=$$((fail + 1)); \
		fi; \
	fi; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]

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

# --- the debug kernel ----------------------------------------------------
#   make debug-kernel     build (or find in its cache) the KASAN + lockdep +
#                         UBSAN kernel, $(BUILD)/debug-kernel/<key>/
#                         (scripts/build-debug-kernel.sh, about 8 minutes
#                         from scratch, cached by source version and config)
#   make check-vm-debug   every VM scenario on it, one boot each, one
#                         summary (tests/vm/run-debug.sh); VM_DEBUG_ONLY=
#                         "shared kill" runs only those. Last in make check:
#                         the slowest suite (CHECK_SUITES_LAST, see Makefile).
CHECK_SUITES_LAST += vm-debug
.PHONY: check-vm-debug debug-kernel
# (No $(MAKE) in the recipe: make -n would run it then.)
check-vm-debug: $(VM_DEPS)
	@BUILD=$(BUILD) UIRQ_SRCS="$(VM_RT_SRCS)" \
		EDU_KDRV_SRCS="$(EDU_KDRV_SRCS)" tests/vm/run-debug.sh
debug-kernel:
	@BUILD=$(BUILD) scripts/build-debug-kernel.sh

# --- more real devices on the shared line (tests/vm/scenarios/devices.sh) --
# devdrv (tests/vm/guest/devdrv.c) drives QEMU's e1000, pci-serial and
# pci-serial-4x with the programs in examples/programs/, built in as
# strings: one "line\n" literal per line, named <file>_s with - as _.
DEVDRV_PROGS	:= $(foreach d,e1000 pci-serial pci-serial-4x,\
	$(foreach k,ack init release,examples/programs/$(d)-$(k).s))
DEVDRV_GEN	:= $(BUILD)/vm-guest-gen

$(DEVDRV_GEN)/devdrv-programs.h: $(DEVDRV_PROGS) tests/vm/vm.mk
	@mkdir -p $(dir $@)
	{ echo '/* Generated from examples/programs/: do not edit. */'; \
	  for f in $(DEVDRV_PROGS); do \
		echo "static const char $$(basename $$f .s | tr - _)_s[] ="; \
		sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$$/\\n"/' $$f; \
		echo ';'; \
	  done; } > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/vm/guest/devdrv.o: $(DEVDRV_GEN)/devdrv-programs.h
$(BUILD)/tests/vm/guest/devdrv.o: CFLAGS_USER += -I$(DEVDRV_GEN)

# Slots 0x14, 0x18 and 0x1c share the edu devices' line (04..10, edu_kdrv
# on 10). The e1000's option ROM is not needed (romfile=); the UARTs write
# to null chardevs. vm-devices turns the e1000's interrupt mitigation off;
# vm-devices-mitigation leaves it on (QEMU's default), which postpones an
# edge by at least 128 us after the previous one, so that the unmask
# re-check, not the handler, claims most of its events: still exact.
# $(call vm_devices_args,E1000-OPTIONS)
vm_devices_args	= --edu 4 --device e1000,addr=14.0,romfile=$(1) \
	--qemu-arg -chardev --qemu-arg null,id=devser0 \
	--device pci-serial,addr=18.0,chardev=devser0 \
	$(foreach n,1 2 3 4,--qemu-arg -chardev --qemu-arg null,id=devser4$(n)) \
	--device pci-serial-4x,addr=1c.0,chardev1=devser41,chardev2=devser42,chardev3=devser43,chardev4=devser44
devices_comma		:= ,
VM_DEVICES_ARGS		:= $(call vm_devices_args,$(devices_comma)mitigation=off)
VM_DEVICES_MIT_ARGS	:= $(call vm_devices_args,)

# The same programs on the host: uirqctl check and sim (no VM).
CHECK_SUITES += devprogs
.PHONY: check-devprogs
check-devprogs: $(BUILD)/uirqctl
	@tests/tools/test_devprogs.sh $(BUILD)/uirqctl

CHECK_SUITES += vm-devices vm-devices-mitigation
.PHONY: check-vm-devices check-vm-devices-mitigation
check-vm-devices: $(VM_DEPS)
	$(call vm_kdrv,vm-devices,$(VM_DEVICES_ARGS) devices)
check-vm-devices-mitigation: $(VM_DEPS)
	$(call vm_kdrv,vm-devices-mitigation,$(VM_DEVICES_MIT_ARGS) devices)

# MSI and MSI-X (tests/vm/scenarios/msi.sh, guest test_msi): edu's MSI
# vector with exact counts, the claim-rate guard, kill -9, an owner without
# DMA rights, back to INTx; e1000e's five MSI-X vectors (at a slot no edu
# uses; its kernel driver is not in the initramfs, so it stays unbound).
# Also with threadirqs: every vector's handler force-threaded.
CHECK_SUITES += vm-msi vm-msi-threadirqs
.PHONY: check-vm-msi check-vm-msi-threadirqs
check-vm-msi: $(VM_DEPS)
	@$(VM_RUN) --edu 3 --device e1000e,addr=14.0,romfile= msi
check-vm-msi-threadirqs: $(VM_DEPS)
	@$(VM_RUN) --edu 3 --device e1000e,addr=14.0,romfile= --append threadirqs msi

# uirqctl top --json while paced drivers run (tests/vm/scenarios/top.sh,
# guest edu_pace: a fixed raise rate, which uirq-edu does not have): the
# rates against the pacers' own, the sums of the deltas exact.
VM_TOP_PROGS	:= $(BUILD)/vm-guest/edu_pace
.SECONDARY: $(BUILD)/tests/vm/guest/edu_pace.o
PROGS		+= $(VM_TOP_PROGS)
VM_DEPS		+= $(VM_TOP_PROGS)
CHECK_SUITES += vm-top
.PHONY: check-vm-top
check-vm-top: $(VM_DEPS)
	@$(VM_RUN) --edu 3 top

# docs/tutorial.md: its offline blocks on the host (check-tutorial), and
# every block, offline and device, in the VM (check-vm-tutorial), from a
# guest script generated from the document at each run, so the document
# cannot drift from what is tested (tests/tools/tutorial-blocks.sh).
CHECK_SUITES += tutorial vm-tutorial
.PHONY: check-tutorial check-vm-tutorial
check-tutorial: $(BUILD)/uirqctl
	@tests/tools/test_tutorial.sh $(BUILD)/uirqctl
check-vm-tutorial: $(VM_DEPS)
	@if ! tests/tools/tutorial-vm.sh docs/tutorial.md >$(BUILD)/tutorial-vm.sh; then \
		echo "FAIL vm-tutorial: extracting docs/tutorial.md's blocks"; \
		echo "0 passed, 1 failed"; exit 1; \
	fi; \
	$(VM_RUN) --edu 3 $(BUILD)/tutorial-vm.sh

# The Python binding (python/, docs/python.md). check-python, on the host:
# python/tests/run.py under Debian's /usr/bin/python3 against
# $(BUILD)/libuirq.so.1 (layouts and constants against the C headers, the
# assembler and verifier bindings, errors, library lookup, pip install
# into a venv). Not in build-san/ or build-m32/: an ASan libuirq.so cannot
# be loaded into an unsanitized interpreter, nor an i386 one into an
# x86-64 interpreter. check-vm-python: tests/vm/scenarios/python.sh, in an
# image with the interpreter (tests/vm/run --python; cached apart, so the
# other suites' images stay as small as they were).
PYTHON3		:= /usr/bin/python3
CHECK_SUITES += python vm-python
.PHONY: check-python check-vm-python
check-python: $(LIBUIRQ_SO) $(BUILD)/uirqctl
	@if [ ! -x $(PYTHON3) ]; then \
		echo "FAIL python: no $(PYTHON3) (scripts/deps.sh host)"; \
		echo "0 passed, 1 failed"; exit 1; \
	fi; \
	PYTHONDONTWRITEBYTECODE=1 UIRQ_LIB=$(abspath $(LIBUIRQ_SO)) \
		UIRQ_BUILD=$(abspath $(BUILD)) UIRQ_TOP=$(CURDIR) CC="$(CC)" \
		$(PYTHON3) python/tests/run.py
check-vm-python: $(VM_DEPS) $(LIBUIRQ_SO)
	@$(VM_RUN) --python --edu 3 python

# uirq: plain Makefile for user space, Kbuild (./Kbuild) for uirq.ko.
#
#   make            build everything (uirq.ko too when kernel headers exist)
#   make check      install missing Debian packages, build, run every test
#   make san, m32   the ASan+UBSan build (build-san/), the i386 one (build-m32/)
#   make demo       boot the test kernel with three edu devices on one line
#   make bench      interpreter benchmark
#   make install    DESTDIR= PREFIX=/usr/local KVER=
#   make deb        the Debian packages (packaging.mk, docs/packaging.md)
#
# User-space objects go to $(BUILD)/ (build-san/ for the ASan+UBSan build,
# build-m32/ for the 32-bit one); each part of the tree adds its rules in a
# fragment included below.

CC	?= cc
CXX	?= c++
BUILD	?= build
SAN	?= 0
M32	?= 0
PREFIX	?= /usr/local
DESTDIR	?=

# The Debian kernel the module is built for and the VM boots: the newest
# installed generic amd64 headers, never the host's `uname -r`.
KVER	?= $(shell ls /usr/src 2>/dev/null | sed -n 's/^linux-headers-\(.*-amd64\)$$/\1/p' | grep -v -- '-rt-' | sort -V | tail -n 1)
KDIR	?= /usr/src/linux-headers-$(KVER)

WARN	:= -Wall -Wextra -Werror
# 64-bit off_t (and ino_t) in everything we build, 32-bit included:
# region offsets are (index + 1) << 40 (UIRQ_REGION_OFFSET). libuirq's
# ABI has no off_t, so applications may use either; tests/unit/test_device
# is built without this flag to prove it.
CPPFLAGS_USER := -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -Iinclude/uapi -Icore \
	-Ilib/include -Itests
CFLAGS_USER := -std=c11 $(WARN) -O2 -g $(CPPFLAGS_USER)
LDFLAGS_USER :=
# ARCH_FLAGS reach every user-space compile and link, also the rules that
# do not use CFLAGS_USER (tests/unit/test_header).
ARCH_FLAGS :=
ifeq ($(M32),1)
ARCH_FLAGS += -m32
endif
CFLAGS_USER += $(ARCH_FLAGS)
LDFLAGS_USER += $(ARCH_FLAGS)
ifeq ($(SAN),1)
CFLAGS_USER += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS_USER += -fsanitize=address,undefined
endif
# Extra user flags (e.g. CFLAGS=-O0) are appended, never replace ours.
CFLAGS_USER += $(CFLAGS)
LDFLAGS_USER += $(LDFLAGS)

# Fragments append to these. M32_SUITES: suites whose check-SUITE-m32
# runs check-SUITE in the 32-bit build (rule below the fragments).
PROGS		:=
CHECK_SUITES	:=
CLEAN_FILES	:=
M32_SUITES	:=

.PHONY: all check demo bench install clean deps deps-host deps-vm module \
	check-build san m32 deb
.DEFAULT_GOAL := all

# Plain objects and position-independent ones (for libuirq.so).
$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) -MMD -MP -c -o $@ $<
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) -fPIC -MMD -MP -c -o $@ $<

# Fragments, in the order their test suites run in `make check`.
FRAGMENTS := core/core.mk lib/lib.mk tools/uirqctl/uirqctl.mk \
	examples/examples.mk tests/unit/unit.mk tests/fuzz/fuzz.mk \
	bench/bench.mk kmod/kmod.mk tests/vm/vm.mk install.mk \
	packaging.mk
-include $(FRAGMENTS)
# Suites that must run after every fragment's, whatever the order above
# (tests/vm/vm.mk's check-vm-debug, the slowest).
CHECK_SUITES += $(CHECK_SUITES_LAST)

# check-SUITE-m32: check-SUITE with BUILD=build-m32 M32=1.
.PHONY: $(M32_SUITES:%=check-%-m32)
$(M32_SUITES:%=check-%-m32): check-%-m32:
	@$(MAKE) --no-print-directory BUILD=build-m32 M32=1 check-$*

all: $(PROGS)
	@if [ -d "$(KDIR)" ]; then $(MAKE) --no-print-directory module; \
	else echo "note: no kernel headers at '$(KDIR)': uirq.ko not built (make deps)"; fi

deps:
	scripts/deps.sh all
deps-host:
	scripts/deps.sh host
deps-vm:
	scripts/deps.sh vm

# The ASan+UBSan build of everything in user space.
san:
	$(MAKE) --no-print-directory BUILD=build-san SAN=1 $(PROGS:$(BUILD)/%=build-san/%)

# The i386 build of everything in user space (gcc-multilib): the library,
# the tools, the host tests (the *-m32 suites) and the static VM guest
# programs, build-m32/vm-guest/ and build-m32/uirq-edu.
# Every program and library there must then be ELFCLASS32 (byte 4 is 1).
M32_PROGS = $(PROGS:$(BUILD)/%=build-m32/%)
m32:
	$(MAKE) --no-print-directory BUILD=build-m32 M32=1 $(M32_PROGS)
	@for f in $(filter-out %.a %.pc,$(M32_PROGS)); do \
		[ "$$(od -An -tx1 -j4 -N1 "$$f" | tr -d ' ')" = 01 ] || \
		{ echo "m32: $$f is not a 32-bit ELF file (rm -rf build-m32)" >&2; exit 1; }; \
	done

check:
	scripts/deps.sh all
	$(MAKE) --no-print-directory all
	$(MAKE) --no-print-directory san
	$(MAKE) --no-print-directory m32
	scripts/run-suites.sh $(CHECK_SUITES)

clean:
	rm -rf build build-san build-m32 $(CLEAN_FILES)
	-[ -d "$(KDIR)" ] && $(MAKE) -C $(KDIR) M=$(CURDIR) clean >/dev/null

# (not in the debug kernel's tree, $(BUILD)/debug-kernel/, nor in make deb's
# copy of the tree, $(BUILD)/deb/: their *.d are not ours)
-include $(shell find $(BUILD) \( -path $(BUILD)/debug-kernel -o -path $(BUILD)/deb \) -prune \
	-o -type f -name '*.d' -print 2>/dev/null)

# uirq: plain Makefile for user space, Kbuild (./Kbuild) for uirq.ko.
#
#   make            build everything (uirq.ko too when kernel headers exist)
#   make check      install missing Debian packages, build, run every test
#   make demo       boot the test kernel with three edu devices on one line
#   make bench      interpreter benchmark
#   make install    DESTDIR= PREFIX=/usr/local KVER=
#
# User-space objects go to $(BUILD)/ (build-san/ for the ASan+UBSan build);
# each part of the tree adds its rules in a fragment included below.

CC	?= cc
CXX	?= c++
BUILD	?= build
SAN	?= 0
PREFIX	?= /usr/local
DESTDIR	?=

# The Debian kernel the module is built for and the VM boots: the newest
# installed generic amd64 headers, never the host's `uname -r`.
KVER	?= $(shell ls /usr/src 2>/dev/null | sed -n 's/^linux-headers-\(.*-amd64\)$$/\1/p' | grep -v -- '-rt-' | sort -V | tail -n 1)
KDIR	?= /usr/src/linux-headers-$(KVER)

WARN	:= -Wall -Wextra -Werror
CPPFLAGS_USER := -D_GNU_SOURCE -Iinclude/uapi -Icore -Ilib/include -Itests
CFLAGS_USER := -std=c11 $(WARN) -O2 -g $(CPPFLAGS_USER)
LDFLAGS_USER :=
ifeq ($(SAN),1)
CFLAGS_USER += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS_USER += -fsanitize=address,undefined
endif
# Extra user flags (e.g. CFLAGS=-O0) are appended, never replace ours.
CFLAGS_USER += $(CFLAGS)
LDFLAGS_USER += $(LDFLAGS)

# Fragments append to these.
PROGS		:=
CHECK_SUITES	:=
CLEAN_FILES	:=

.PHONY: all check demo bench install clean deps deps-host deps-vm module \
	check-build san
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
	bench/bench.mk kmod/kmod.mk tests/vm/vm.mk install.mk
-include $(FRAGMENTS)

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

check:
	scripts/deps.sh all
	$(MAKE) --no-print-directory all
	$(MAKE) --no-print-directory san
	scripts/run-suites.sh $(CHECK_SUITES)

clean:
	rm -rf build build-san $(CLEAN_FILES)
	-[ -d "$(KDIR)" ] && $(MAKE) -C $(KDIR) M=$(CURDIR) clean >/dev/null

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

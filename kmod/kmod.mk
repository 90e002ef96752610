# kmod/: uirq.ko (sources listed in ./Kbuild) and its style checks.
#
#   make module           build uirq.ko with the headers in $(KDIR)
#   make check-kmod-w1    W=1 build and sparse (C=2) in a scratch copy
#   make check-checkpatch checkpatch.pl on kmod/ and core/, one test per file

KMOD_SRCS := $(wildcard kmod/*.c kmod/*.h) $(wildcard core/*.c core/*.h) \
	include/uapi/uirq.h Kbuild
KMOD_SCRATCH := $(BUILD)/kmod-w1
CHECKPATCH_DIR := $(BUILD)/linux-source-6.1/scripts
CHECKPATCH := $(CHECKPATCH_DIR)/checkpatch.pl
CHECKPATCH_FILES = $(sort $(wildcard kmod/*.c kmod/*.h core/*.c core/*.h)) tests/vm/kdrv/edu_kdrv.c \
	bench/stub/edu_uio_stub.c

CHECK_SUITES += kmod-w1 checkpatch
CLEAN_FILES += uirq.ko

.PHONY: check-kmod-w1 check-checkpatch

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# A scratch copy, so the W=1/sparse build neither rebuilds nor replaces the
# real uirq.ko. Pass 1 compiles with W=1 (gcc and kernel-doc warnings);
# pass 2 only runs sparse over the same files (C=2: check without
# recompiling). Missing headers or sparse count as failures.
check-kmod-w1:
	@pass=0; fail=0; \
	rm -rf $(KMOD_SCRATCH); mkdir -p $(KMOD_SCRATCH); \
	tar -cf - $(KMOD_SRCS) | tar -xf - -C $(KMOD_SCRATCH); \
	if [ ! -d "$(KDIR)" ]; then \
		echo "FAIL no W=1 warnings: no kernel headers at '$(KDIR)'"; \
		echo "FAIL no sparse warnings: no kernel headers at '$(KDIR)'"; \
		echo "0 passed, 2 failed"; exit 1; \
	fi; \
	dir=$$(cd $(KMOD_SCRATCH) && pwd); \
	$(MAKE) -s -C $(KDIR) M=$$dir W=1 modules >$$dir/w1.log 2>&1; rc=$$?; \
	n=$$(grep -cE 'warning:|error:' $$dir/w1.log); \
	if [ $$rc -eq 0 ] && [ $$n -eq 0 ] && [ -f $$dir/uirq.ko ]; then \
		echo "ok   no W=1 warnings"; pass=$$((pass + 1)); \
	else \
		cat $$dir/w1.log; echo "FAIL no W=1 warnings: $$n warnings/errors, exit $$rc"; \
		fail=$$((fail + 1)); \
	fi; \
	if ! command -v sparse >/dev/null; then \
		echo "FAIL no sparse warnings: sparse not installed (make deps)"; \
		fail=$$((fail + 1)); \
	else \
		$(MAKE) -s -C $(KDIR) M=$$dir W=1 C=2 modules >$$dir/sparse.log 2>&1; rc=$$?; \
		n=$$(grep -cE 'warning:|error:' $$dir/sparse.log); \
		c=$$(find $$dir/kmod $$dir/core -name '*.c' | wc -l); \
		if [ $$rc -eq 0 ] && [ $$n -eq 0 ]; then \
			echo "ok   no sparse warnings ($$c files)"; pass=$$((pass + 1)); \
		else \
			cat $$dir/sparse.log; echo "FAIL no sparse warnings: $$n warnings/errors, exit $$rc"; \
			fail=$$((fail + 1)); \
		fi; \
	fi; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]

$(CHECKPATCH):
	@mkdir -p $(BUILD)
	tar -xJf /usr/src/linux-source-6.1.tar.xz -C $(BUILD) \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch

check-checkpatch:
	@pass=0; fail=0; \
	if [ ! -f $(CHECKPATCH) ]; then \
		$(MAKE) --no-print-directory $(CHECKPATCH) >/dev/null 2>&1; \
	fi; \
	for f in $(CHECKPATCH_FILES); do \
		if [ ! -f $(CHECKPATCH) ]; then \
			echo "FAIL checkpatch $$f: no checkpatch.pl (install linux-source-6.1)"; \
			fail=$$((fail + 1)); continue; \
		fi; \
		out=$$(perl $(CHECKPATCH) --no-tree --show-types -f $$f 2>&1); \
		if echo "$$out" | grep -q 'total: 0 errors, 0 warnings'; then \
			echo "ok   checkpatch $$f"; pass=$$((pass + 1)); \
		else \
			echo "$$out"; echo "FAIL checkpatch $$f"; fail=$$((fail + 1)); \
		fi; \
	done; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]

# tests/unit/: host tests of the core (verifier, interpreter) and of the
# uapi header. Suites: verify interp (and their ASan+UBSan copies from
# build-san/, built on demand), header, and the 32-bit copies of all three
# from build-m32/ (the uapi layout pinned by test_header is the same for
# i386 user space).
UNIT_CORE_TESTS := test_verify test_interp
UNIT_CORE_BINS	:= $(UNIT_CORE_TESTS:%=$(BUILD)/tests/unit/%)
UNIT_HDR_BINS	:= $(BUILD)/tests/unit/test_header $(BUILD)/tests/unit/test_header_cxx

PROGS		+= $(UNIT_CORE_BINS) $(UNIT_HDR_BINS)
CHECK_SUITES	+= verify verify-san verify-m32 interp interp-san interp-m32 \
		   header header-m32
M32_SUITES	+= verify interp header

$(UNIT_CORE_BINS): $(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(CORE_OBJS)
	$(CC) $(CFLAGS_USER) -o $@ $^ $(LDFLAGS_USER)

# The header must stand alone under the strictest settings of both
# languages, with nothing but the uapi directory on the include path (and
# tests/ for the harness, which only uses libc). ARCH_FLAGS: -m32 in
# build-m32/.
UNIT_HDR_FLAGS	:= -Wall -Wextra -Werror -pedantic -Iinclude/uapi -Itests $(ARCH_FLAGS)
UNIT_HDR_DEPS	:= include/uapi/uirq.h tests/harness.h tests/unit/test_header.c
$(BUILD)/tests/unit/test_header: $(UNIT_HDR_DEPS)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(UNIT_HDR_FLAGS) -o $@ tests/unit/test_header.c
$(BUILD)/tests/unit/test_header_cxx: $(UNIT_HDR_DEPS) tests/unit/test_header_cxx.cc
	@mkdir -p $(dir $@)
	$(CXX) -std=c++11 $(UNIT_HDR_FLAGS) -o $@ tests/unit/test_header_cxx.cc

.PHONY: check-verify check-verify-san check-interp check-interp-san check-header

check-verify: $(BUILD)/tests/unit/test_verify
	$<
check-interp: $(BUILD)/tests/unit/test_interp
	$<
check-verify-san check-interp-san: check-%-san:
	@$(MAKE) --no-print-directory BUILD=build-san SAN=1 build-san/tests/unit/test_$*
	build-san/tests/unit/test_$*

# Both binaries, one summary line.
check-header: $(UNIT_HDR_BINS)
	@p=0; f=0; for t in $^; do \
		out=$$($$t); rc=$$?; echo "$$out"; \
		line=$$(echo "$$out" | tail -n 1); \
		tp=$$(echo "$$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\1/p'); \
		tf=$$(echo "$$line" | sed -nE 's/^([0-9]+) passed, ([0-9]+) failed.*/\2/p'); \
		if [ -z "$$tp" ]; then tp=0; tf=1; fi; \
		if [ $$rc -ne 0 ] && [ "$$tf" -eq 0 ]; then tf=1; fi; \
		p=$$((p + tp)); f=$$((f + tf)); \
	done; \
	echo "$$p passed, $$f failed"; [ $$f -eq 0 ]

# examples/: uirq-edu, the user-space driver for QEMU's edu device.
#
# $(BUILD)/uirq-edu is linked statically (libuirq.a and libc) so that the
# VM tests can copy the one file into the guest's initramfs. The sanitizer
# build cannot be static (ASan needs the dynamic loader), so there it is an
# ordinary dynamic binary with the same name.
EDU_OBJS	:= $(BUILD)/examples/edu/uirq-edu.o
ifeq ($(SAN),1)
EDU_LDSTATIC	:=
else
EDU_LDSTATIC	:= -static
endif

# The example programs as C strings, one "line\n" literal per line:
# $(call embed_programs,VAR FILE VAR FILE ...) writes $@, a header with
# "static const char VAR[] = ...;" for each program FILE.
define embed_programs
	@mkdir -p $(dir $@)
	{ echo '/* Generated from examples/programs/ by examples.mk: do not edit. */'; \
	  set -- $(1); while [ $$# -ge 2 ]; do \
		echo "static const char $$1[] ="; \
		sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/\t"/' -e 's/$$/\\n"/' "$$2"; \
		echo ';'; shift 2; \
	  done; } > $@.tmp && mv $@.tmp $@
endef

$(BUILD)/examples/edu/edu-programs.h: examples/programs/edu-ack.s \
		examples/programs/edu-release.s examples/examples.mk
	$(call embed_programs,edu_ack_s examples/programs/edu-ack.s \
		edu_release_s examples/programs/edu-release.s)

$(BUILD)/examples/edu/uirq-edu.o: $(BUILD)/examples/edu/edu-programs.h
$(BUILD)/examples/edu/uirq-edu.o: CFLAGS_USER += -I$(BUILD)/examples/edu

$(BUILD)/uirq-edu: $(EDU_OBJS) $(BUILD)/libuirq.a
	$(CC) $(CFLAGS_USER) $(EDU_LDSTATIC) -o $@ $(EDU_OBJS) \
		$(BUILD)/libuirq.a $(LDFLAGS_USER)

# uirqctl as one static file for the VM guest (bind, list, info, stats);
# dynamic, despite the name, in the sanitizer build.
$(BUILD)/uirqctl-static: $(UIRQCTL_OBJS) $(BUILD)/libuirq.a
	$(CC) $(CFLAGS_USER) $(EDU_LDSTATIC) -o $@ $(UIRQCTL_OBJS) \
		$(BUILD)/libuirq.a $(LDFLAGS_USER)

PROGS += $(BUILD)/uirq-edu $(BUILD)/uirqctl-static

# uirq-short: LDD3's short on a parallel port (a non-PCI uirq device).
SHORT_PROGS	:= examples/programs/lpt-ack.s examples/programs/lpt-init.s \
		   examples/programs/lpt-release.s
$(BUILD)/examples/short/short-programs.h: $(SHORT_PROGS) examples/examples.mk
	$(call embed_programs,lpt_ack_s examples/programs/lpt-ack.s \
		lpt_init_s examples/programs/lpt-init.s \
		lpt_release_s examples/programs/lpt-release.s)

$(BUILD)/examples/short/uirq-short.o: $(BUILD)/examples/short/short-programs.h
$(BUILD)/examples/short/uirq-short.o: CFLAGS_USER += -I$(BUILD)/examples/short

$(BUILD)/uirq-short: $(BUILD)/examples/short/uirq-short.o $(BUILD)/libuirq.a
	$(CC) $(CFLAGS_USER) $(EDU_LDSTATIC) -o $@ $< \
		$(BUILD)/libuirq.a $(LDFLAGS_USER)

PROGS += $(BUILD)/uirq-short

# The command line without a device (the device itself is driven in the
# VM): usage errors, a missing device, the summary line, static linking.
CHECK_SUITES += edu-cli edu-cli-san edu-cli-m32
M32_SUITES += edu-cli
.PHONY: check-edu-cli check-edu-cli-san
check-edu-cli: $(BUILD)/uirq-edu
	@examples/edu/test-cli.sh $(BUILD)/uirq-edu static
check-edu-cli-san:
	@$(MAKE) --no-print-directory BUILD=build-san SAN=1 build-san/uirq-edu
	@examples/edu/test-cli.sh build-san/uirq-edu dynamic

# libuirq's device API without a kernel (tests/unit/test_device.c). The
# test is compiled as an application with the default off_t (32 bits in
# build-m32/), the library with 64 bits (CPPFLAGS_USER): region offsets
# beyond 4 GiB must still reach the file whatever the caller's flags.
$(BUILD)/tests/unit/test_device.o: CFLAGS_USER += -U_FILE_OFFSET_BITS
$(BUILD)/tests/unit/test_device: $(BUILD)/tests/unit/test_device.o $(BUILD)/libuirq.a
	$(CC) $(CFLAGS_USER) -o $@ $< $(BUILD)/libuirq.a $(LDFLAGS_USER)

PROGS += $(BUILD)/tests/unit/test_device
CHECK_SUITES += device device-san device-m32
M32_SUITES += device
.PHONY: check-device check-device-san
check-device: $(BUILD)/tests/unit/test_device
	@$(BUILD)/tests/unit/test_device
check-device-san:
	@$(MAKE) --no-print-directory BUILD=build-san SAN=1 build-san/tests/unit/test_device
	@build-san/tests/unit/test_device

# uirqctl's device commands and uirq-edu's failure paths on the real
# kernel (tests/vm/scenarios/devtools.sh; VM_RUN is tests/vm/vm.mk's).
CHECK_SUITES += vm-devtools
.PHONY: check-vm-devtools
check-vm-devtools: $(BUILD)/uirq-edu $(BUILD)/uirqctl $(BUILD)/vm-guest/edu_hold
	@$(VM_RUN) --edu 2 devtools

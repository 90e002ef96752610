# lib/: libuirq, static (for the tools and tests in the tree) and shared
# (for installed drivers). Every lib/*.c goes in, so new parts of the
# library (lib/device.c) need no change here.
LIB_SRCS	:= $(wildcard lib/*.c)
LIB_OBJS	:= $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIB_PIC_OBJS	:= $(LIB_SRCS:%.c=$(BUILD)/pic/%.o)
LIBUIRQ_A	:= $(BUILD)/libuirq.a
LIBUIRQ_SO	:= $(BUILD)/libuirq.so.1
LIBUIRQ_VERSION	:= 1.1.0

$(LIBUIRQ_A): $(LIB_OBJS) $(CORE_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

# The shared objects carry the LIBUIRQ_1 compatibility versions (compat.c).
$(LIB_PIC_OBJS): CFLAGS_USER += -DLIBUIRQ_SHARED

$(LIBUIRQ_SO): $(LIB_PIC_OBJS) $(CORE_PIC_OBJS) lib/libuirq.map
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_USER) -shared -fPIC -o $@ $(LIB_PIC_OBJS) $(CORE_PIC_OBJS) \
		-Wl,--version-script=lib/libuirq.map -Wl,-soname,libuirq.so.1 \
		-Wl,--no-undefined $(LDFLAGS_USER)

$(BUILD)/libuirq.so: $(LIBUIRQ_SO)
	ln -sf libuirq.so.1 $@

$(BUILD)/libuirq.pc: lib/libuirq.pc.in
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(PREFIX)/lib|' \
	    -e 's|@INCLUDEDIR@|$(PREFIX)/include|' \
	    -e 's|@VERSION@|$(LIBUIRQ_VERSION)|' $< > $@

PROGS += $(LIBUIRQ_A) $(LIBUIRQ_SO) $(BUILD)/libuirq.so $(BUILD)/libuirq.pc

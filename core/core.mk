# core/: the verifier and interpreter, compiled into user space here and
# into uirq.ko by Kbuild. lib/lib.mk links CORE_PIC_OBJS into libuirq.so,
# the host tests link CORE_OBJS directly.
CORE_SRCS	:= core/verify.c core/interp.c core/names.c core/window.c core/cfgpolicy.c \
		   core/builtin.c
CORE_OBJS	:= $(CORE_SRCS:%.c=$(BUILD)/%.o)
CORE_PIC_OBJS	:= $(CORE_SRCS:%.c=$(BUILD)/pic/%.o)

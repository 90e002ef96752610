# make install [DESTDIR=] [PREFIX=/usr/local] [KVER=]
#
#   $(PREFIX)/bin                 uirqctl, uirq-edu, uirq-short
#   $(LIBDIR)                     libuirq.a, libuirq.so.1, libuirq.so
#                                 (default $(PREFIX)/lib; the Debian
#                                 packages use /usr/lib/<multiarch>)
#   $(LIBDIR)/pkgconfig           libuirq.pc
#   $(PREFIX)/include             libuirq.h, uirq.h
#   $(PREFIX)/share/man/man{1,3,7}
#   $(UDEVDIR)                    60-uirq.rules (default /etc/udev/rules.d:
#                                 udev does not read $(PREFIX)/lib/udev)
#   $(BASHCOMPDIR)                uirqctl's bash completion (default
#                                 $(PREFIX)/share/bash-completion/completions)
#   /lib/modules/$(KVER)/extra    uirq.ko, when it has been built
#
# depmod runs only for a real install (empty DESTDIR): a staged tree is
# someone else's to finish (a package's postinst). libuirq.pc is written
# here, for the PREFIX of this install, with libdir and includedir
# relative to ${prefix} (when LIBDIR is under PREFIX) so that pkg-config
# --define-prefix works too.
INSTALL		?= install
BINDIR		:= $(PREFIX)/bin
LIBDIR		?= $(PREFIX)/lib
PC_LIBDIR	= $(if $(filter $(PREFIX)/%,$(LIBDIR)),$${prefix}/$(patsubst $(PREFIX)/%,%,$(LIBDIR)),$(LIBDIR))
INCDIR		:= $(PREFIX)/include
PCDIR		:= $(LIBDIR)/pkgconfig
MANDIR		:= $(PREFIX)/share/man
MODDIR		:= /lib/modules/$(KVER)/extra
UDEVDIR		?= /etc/udev/rules.d
BASHCOMPDIR	?= $(PREFIX)/share/bash-completion/completions
INSTALL_BINS	:= $(BUILD)/uirqctl $(BUILD)/uirq-edu $(BUILD)/uirq-short
INSTALL_LIBS	:= $(BUILD)/libuirq.a $(BUILD)/libuirq.so.1
INSTALL_HDRS	:= lib/include/libuirq.h include/uapi/uirq.h
INSTALL_MAN	:= $(wildcard man/man1/*.1 man/man3/*.3 man/man7/*.7)

install: $(INSTALL_BINS) $(INSTALL_LIBS)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PCDIR) \
		$(DESTDIR)$(INCDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	$(INSTALL) -m 755 $(INSTALL_BINS) $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 644 $(BUILD)/libuirq.a $(DESTDIR)$(LIBDIR)/
	$(INSTALL) -m 755 $(BUILD)/libuirq.so.1 $(DESTDIR)$(LIBDIR)/
	ln -sf libuirq.so.1 $(DESTDIR)$(LIBDIR)/libuirq.so
	$(INSTALL) -m 644 $(INSTALL_HDRS) $(DESTDIR)$(INCDIR)/
	$(INSTALL) -D -m 644 udev/60-uirq.rules $(DESTDIR)$(UDEVDIR)/60-uirq.rules
	$(INSTALL) -D -m 644 completion/uirqctl.bash $(DESTDIR)$(BASHCOMPDIR)/uirqctl
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(PC_LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$${prefix}/include|' \
	    -e 's|@VERSION@|$(LIBUIRQ_VERSION)|' lib/libuirq.pc.in \
	    > $(DESTDIR)$(PCDIR)/libuirq.pc
	chmod 644 $(DESTDIR)$(PCDIR)/libuirq.pc
	for f in $(INSTALL_MAN); do \
		s=$${f##*.}; \
		$(INSTALL) -m 644 $$f $(DESTDIR)$(MANDIR)/man$$s/ || exit 1; \
	done
	@if [ -f uirq.ko ]; then \
		echo "$(INSTALL) -D -m 644 uirq.ko $(DESTDIR)$(MODDIR)/uirq.ko"; \
		$(INSTALL) -D -m 644 uirq.ko $(DESTDIR)$(MODDIR)/uirq.ko || exit 1; \
		if [ -z "$(DESTDIR)" ]; then \
			echo "depmod -a $(KVER)"; depmod -a $(KVER) || exit 1; \
		fi; \
	else \
		echo "note: uirq.ko not built (make module): not installed"; \
	fi

# Install into a scratch DESTDIR, check the tree, and build a program
# against the installed header, library and pkg-config file.
CHECK_SUITES += install
.PHONY: check-install
check-install: $(INSTALL_BINS) $(INSTALL_LIBS)
	@tests/tools/test_install.sh "$(MAKE)" "$(KVER)" "$(BUILD)"

# Debian packages and DKMS (docs/packaging.md).
#
#   make deb        uirq-dkms, libuirq1, libuirq-dev, uirq-tools (and the
#                   native source package) with dpkg-buildpackage, in a
#                   clean copy of the tree: $(DEB_OUT)/
#   make check-deb     the packages: lintian, their contents, installed on
#                      this machine, DKMS builds for every installed kernel
#                      with headers, a driver built with pkg-config against
#                      libuirq-dev, bash completion; removed again at the end
#   make check-vm-deb  the packages installed, the VM booted with the uirq.ko
#                      DKMS built, the packaged tools and the pkg-config
#                      driver run in it on edu devices; removed again
#   make check-vm-deb-rt   the same on the PREEMPT_RT kernel ($(KVER_RT))
#   make check-completion  uirqctl's bash completion from the tree
#   make dkms-src   [DESTDIR=] the module's DKMS source tree,
#                   /usr/src/uirq-<version>/, from the checkout: then
#                   dkms install uirq/<version> -k <release> (as uirq-dkms
#                   does; debian/rules uses it for the package)
#
# The version lives in debian/changelog only: dh_dkms -V writes it into
# dkms.conf, dpkg-buildpackage into the packages. check-deb checks that
# libuirq.pc's version (lib/lib.mk) says the same.
DEB_VERSION	= $(shell dpkg-parsechangelog -l debian/changelog -S Version 2>/dev/null)
DEB_OUT		:= $(BUILD)/deb
DEB_SRC		= $(DEB_OUT)/uirq-$(DEB_VERSION)

.PHONY: deb check-deb check-vm-deb check-completion dkms-src

# What Kbuild compiles, and nothing else: the DKMS source tree.
DKMS_SRCS	= Kbuild $(sort $(wildcard kmod/*.c kmod/*.h core/*.c core/*.h)) \
	include/uapi/uirq.h
DKMS_DIR	= $(DESTDIR)/usr/src/uirq-$(DEB_VERSION)
dkms-src:
	@[ -n "$(DEB_VERSION)" ] || { echo "dkms-src: no version in debian/changelog (dpkg-dev)" >&2; exit 1; }
	install -d $(DKMS_DIR)
	tar -cf - $(DKMS_SRCS) | tar -xf - -C $(DKMS_DIR) --no-same-owner
	sed 's/#MODULE_VERSION#/$(DEB_VERSION)/' dkms.conf > $(DKMS_DIR)/dkms.conf
	chmod 644 $(DKMS_DIR)/dkms.conf

# The copy holds what git tracks (and new files git does not ignore), so
# neither build directories nor a stray uirq.ko end up in the source
# package; without git, the tree minus its build directories.
deb:
	@command -v dpkg-buildpackage >/dev/null && command -v dh_dkms >/dev/null || \
		{ echo "deb: dpkg-buildpackage or dh_dkms missing (scripts/deps.sh pkg)" >&2; exit 1; }
	@[ -n "$(DEB_VERSION)" ] || { echo "deb: no version in debian/changelog" >&2; exit 1; }
	rm -rf $(DEB_OUT)
	mkdir -p $(DEB_SRC)
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
			xargs -0 sh -c 'for f; do [ -f "$$f" ] && printf "%s\0" "$$f"; done' sh | \
			tar --null -T - -cf - | tar -xf - -C $(DEB_SRC); \
	else \
		tar --exclude='./build*' --exclude='*.ko' --exclude='*.o' -cf - . | \
			tar -xf - -C $(DEB_SRC); \
	fi
	cd $(DEB_SRC) && dpkg-buildpackage --no-sign -j$$(nproc) >../build.log 2>&1 || \
		{ tail -n 40 ../build.log; echo "deb: dpkg-buildpackage failed: $(DEB_OUT)/build.log" >&2; exit 1; }
	@ls $(DEB_OUT)/*.deb $(DEB_OUT)/*.changes

# Each suite installs the pkg group first (nothing when it is there), so
# that it also runs alone; a failed install is a counted failure.
define deps_pkg
	@scripts/deps.sh pkg >$(BUILD)/deps-pkg.log 2>&1 || { cat $(BUILD)/deps-pkg.log; \
		echo "FAIL $(1): scripts/deps.sh pkg failed"; echo "0 passed, 1 failed"; exit 1; }
endef
CHECK_SUITES += completion deb vm-deb vm-deb-rt
.PHONY: check-vm-deb-rt
check-completion:
	@mkdir -p $(BUILD)
	$(call deps_pkg,completion)
	@tests/tools/test_completion.sh completion/uirqctl.bash
check-deb:
	@mkdir -p $(BUILD)
	$(call deps_pkg,deb)
	@tests/tools/test_deb.sh "$(MAKE)" "$(BUILD)"
check-vm-deb: $(BUILD)/vm-guest/edu_hold
	$(call deps_pkg,vm-deb)
	@tests/tools/test_vm_deb.sh "$(MAKE)" "$(BUILD)" "$(KVER)"
# The same on the PREEMPT_RT kernel, with the module DKMS built for it.
check-vm-deb-rt: $(BUILD)/vm-guest/edu_hold
	$(call deps_pkg,vm-deb-rt)
	@tests/tools/test_vm_deb.sh "$(MAKE)" "$(BUILD)" "$(KVER_RT)"

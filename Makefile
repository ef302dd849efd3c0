# SPDX-License-Identifier: GPL-2.0
#
# vxfp: the module (through Kbuild), nlctl, the tests and the installs.
#
#   make [KVER=release | KDIR=/path/to/kernel/build] [W=1] [C=1]
#   make check [VM=0] [KVER=release | KVERS="r1 r2"] [KERNEL=bzImage]
#   make check KERNEL=debug      # on the debug kernel (tools/vm/debug-kernel)
#   make bench [KVER=release] [BENCH_TIME=s BENCH_REPS=n BENCH_DATAPATHS="..."]
#   make install | uninstall | dkms-install | dkms-remove | clean
#   make deb | srpm | rpm | sign | signing-key   (packaging/packaging.mk)

VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)

# The kernel to build for: the running one if its headers are here, else
# the one Debian's linux-image-amd64 stands for (what the VM boots).
KVER ?= $(shell tools/vm/kver)
KDIR ?= /lib/modules/$(KVER)/build
DESTDIR ?=
PREFIX ?= /usr
DKMS_SRC := $(DESTDIR)/usr/src/vxfp-$(VERSION)
# What a source package (DKMS) needs to build the module.
MODULE_SOURCES := Kbuild Makefile dkms.conf kmod include tools/vm/kver

KBUILD = $(MAKE) -C $(KDIR) M=$(CURDIR)

# checkpatch.pl comes with Debian's linux-source-6.1, not the headers.
LINUX_SOURCE ?= $(firstword $(wildcard /usr/src/linux-source-6.1.tar.xz))
CHECKPATCH_DIR := $(HOME)/.cache/vxfp/checkpatch
CHECKPATCH := $(CHECKPATCH_DIR)/scripts/checkpatch.pl
KERNEL_SOURCES := $(wildcard kmod/*.[ch] kmod/compat/probes/*.c) \
		  include/uapi/linux/vxfp.h

all: module tools

module:
	$(KBUILD) modules

tools:
	$(MAKE) -C tools/nlctl VXFP_VERSION=$(VERSION)

unit: tools
	@$(MAKE) -s -C tools/nlctl test
	@$(MAKE) -s -C tools/ftbench test
	@$(MAKE) -s -C tools/fuzz test
	@packaging/test.sh

# The libFuzzer harnesses (tools/fuzz, clang): the flow grammar of nlctl
# and the flow table, each for FUZZ_RUNS runs or FUZZ_TIME seconds.
fuzz:
	@$(MAKE) -s -C tools/fuzz run

# The flow table's lookup cost against flow and mask counts (userspace).
bench-ft:
	$(MAKE) -s -C tools/ftbench bench

# The benchmark: every datapath (veth, bridge+vxlan, OVS kernel and tc,
# vxfp through OVS and through nlctl) in one VM, the control plane, and
# bench-ft's lookup cost; a table, build/bench/bench.json and charts
# (Documentation/bench.rst).
bench: module tools
	$(MAKE) -s -C tools/bench
	KVER=$(KVER) tools/bench/bench

# The kernels make check tests: KVER if given, this one with VM=0, else
# every kernel installed with its headers (Debian's 6.1 and 6.12 here).
ifneq ($(filter command line environment,$(origin KVER)),)
KVERS ?= $(KVER)
else ifeq ($(VM),0)
KVERS ?= $(shell uname -r)
else
KVERS ?= $(shell tools/vm/kver --all)
endif

ifneq ($(KERNEL),debug)
# deb: the packages selftests/dkms_deb.sh installs (a few seconds).
check: tools deb
	@set -e; for k in $(KVERS); do \
		$(MAKE) --no-print-directory module KVER=$$k; \
		mkdir -p build/$$k; cp vxfp.ko build/$$k/vxfp.ko; \
	done
	KVERS="$(KVERS)" tools/check
else
# KERNEL=debug: Debian's 6.1 sources with KASAN, lockdep, kmemleak, UBSAN
# and fault injection (selftests/config), built once and cached by
# tools/vm/debug-kernel; a slower VM, so more memory and time: on one
# machine fault.sh took 39 minutes and the whole suite 97; another was
# about 1.5 times slower, and fault.sh outran a 50-minute limit there.
# The limits leave room for twice the slower machine. No 5-level
# paging: with it, this kernel once reported a KASAN wild-memory-access
# in an interrupt at boot, long before vxfp is loaded.
check: tools
	tools/vm/debug-kernel >/dev/null
	@set -e; env=$$(tools/vm/debug-kernel --env); eval "$$env"; \
	$(MAKE) --no-print-directory module KVER=$$DEBUG_KVER KDIR=$$DEBUG_KDIR; \
	mkdir -p build/$$DEBUG_KVER; cp vxfp.ko build/$$DEBUG_KVER/vxfp.ko; \
	KVERS=$$DEBUG_KVER KERNEL=$$DEBUG_KERNEL VM_MODULES=$$DEBUG_MODULES \
	VM_MEM=$${VM_MEM:-3072} VM_TIMEOUT=$${VM_TIMEOUT:-17400} \
	VM_CPU=$${VM_CPU:-max,la57=off} \
	TIMEOUT=$${TIMEOUT:-6000} tools/check
endif

# Style and static checks of the kernel code: checkpatch --strict, then a
# W=1 build under sparse for KVER, and a W=1 build for every other kernel
# make check tests. Without a kernel tree checkpatch cannot know the
# kernel's own CamelCase names (struct Qdisc), hence no CAMELCASE.
lint: $(CHECKPATCH)
	$(CHECKPATCH) --strict --no-tree --quiet --show-types \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG,CAMELCASE \
		-f $(KERNEL_SOURCES)
	@mkdir -p build
	$(KBUILD) W=1 C=2 modules 2>&1 | tee build/lint.log
	@set -e; for k in $(filter-out $(KVER),$(KVERS)); do \
		$(MAKE) -C /lib/modules/$$k/build M=$(CURDIR) W=1 modules; \
	done 2>&1 | tee -a build/lint.log
	@! grep -E "(warning|error):" build/lint.log

$(CHECKPATCH):
	@test -n "$(LINUX_SOURCE)" || \
		{ echo "lint: needs Debian's linux-source-6.1" >&2; exit 1; }
	mkdir -p $(CHECKPATCH_DIR)
	tar -xf $(LINUX_SOURCE) -C $(CHECKPATCH_DIR) --strip-components=1 \
		--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'

# The README's first command: the main job, shown in the VM.
demo: module tools
	tools/vm/run --kver $(KVER) -- tools/demo

install: all
	$(KBUILD) INSTALL_MOD_DIR=updates modules_install
	depmod -a $(KVER)
	$(MAKE) -C tools/nlctl install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

uninstall:
	rm -f /lib/modules/$(KVER)/updates/vxfp.ko*
	depmod -a $(KVER)
	$(MAKE) -C tools/nlctl uninstall DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

dkms-install:
	rm -rf $(DKMS_SRC)
	packaging/srctree.sh $(DKMS_SRC) $(MODULE_SOURCES)
	dkms add -m vxfp -v $(VERSION)
	dkms build -m vxfp -v $(VERSION) -k $(KVER)
	dkms install -m vxfp -v $(VERSION) -k $(KVER)

dkms-remove:
	-dkms remove -m vxfp -v $(VERSION) --all
	rm -rf $(DKMS_SRC)

clean:
	$(KBUILD) clean
	rm -rf kmod/generated
	$(MAKE) -C tools/nlctl clean
	$(MAKE) -C tools/ftbench clean

# Packages (deb, srpm, rpm) and module signing (sign, signing-key); not in
# the module's sources as DKMS has them, hence -include.
-include packaging/packaging.mk

.PHONY: all module tools unit fuzz bench-ft bench check demo lint install uninstall dkms-install \
	dkms-remove clean

# SPDX-License-Identifier: GPL-2.0
#
# Packages and module signing; included by the Makefile, which gives
# VERSION (from dkms.conf), KVER and KDIR.
#
#   make deb            build/packages/vxfp-dkms_VERSION_all.deb and
#                       vxfp-tools_VERSION_ARCH.deb (dpkg-deb only)
#   make srpm           build/rpm/SRPMS/vxfp-VERSION-1.src.rpm
#   make rpm [KVER=..]  build/rpm/RPMS: vxfp-dkms (noarch), vxfp-tools and
#                       kmod-vxfp built against KVER
#   make sign KEY=private.pem CERT=cert.x509 [KVER=..]
#                       build/KVER/vxfp.ko, built afresh, signed with the
#                       kernel's scripts/sign-file
#   make signing-key [KEYDIR=build/signing]
#                       a throw-away key pair to sign with

PKG_DIR ?= $(CURDIR)/build/packages
RPM_TOPDIR ?= $(CURDIR)/build/rpm
KEYDIR ?= $(CURDIR)/build/signing

deb:
	packaging/deb/mkdeb.sh $(PKG_DIR)

srpm:
	packaging/rpm/mkrpm.sh srpm $(RPM_TOPDIR)

rpm:
	packaging/rpm/mkrpm.sh rpm $(RPM_TOPDIR) $(KVER)

sign:
	@test -n "$(KEY)" && test -n "$(CERT)" || \
		{ echo "sign: give KEY=private key and CERT=certificate" \
		       "(make signing-key makes a pair)" >&2; exit 1; }
	$(MAKE) --no-print-directory module KVER=$(KVER)
	mkdir -p build/$(KVER)
	cp vxfp.ko build/$(KVER)/vxfp.ko
	packaging/sign.sh $(KEY) $(CERT) build/$(KVER)/vxfp.ko $(KVER)

signing-key:
	packaging/signing-key.sh $(KEYDIR)

.PHONY: deb srpm rpm sign signing-key

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# packaging/test.sh [KVER] - build the RPMs as "make srpm" and "make rpm"
# do, in a scratch rpmbuild tree, and check what each package holds and
# runs: the source RPM, vxfp-dkms (the sources DKMS builds, with a
# dkms.conf of the project's version), kmod-vxfp (the module for KVER under
# extra/, its vermagic, and weak-modules in its scriptlets, as RHEL's kABI
# tracking wants) and vxfp-tools (nlctl and its man page). TAP on stdout;
# "make unit" runs it where rpmbuild exists.
#
# KVER: the kernel kmod-vxfp is built for (default: tools/vm/kver, the one
# make check tests first). Skipped where rpmbuild or that kernel's build
# tree is missing.

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
kver=${1:-$("$top/tools/vm/kver")}
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
n=0
failed=0

ok()
{
	n=$((n + 1))
	if [[ $1 == 0 ]]; then
		echo "ok $n - packaging: $2"
	else
		echo "not ok $n - packaging: $2"
		failed=1
	fi
}

if ! command -v rpmbuild >/dev/null || [[ ! -d /lib/modules/$kver/build ]]; then
	echo "1..0 # SKIP no rpmbuild, or no build tree for $kver"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
log=$tmp/build.log

# has RPM FILE...: every FILE in the package's list
has()
{
	local rpm=$1 list f

	shift
	list=$(rpm -qlp "$rpm" 2>/dev/null) || return 1
	for f in "$@"; do
		grep -qxF -- "$f" <<<"$list" || { echo "# $rpm lacks $f" >&2; return 1; }
	done
}

"$top/packaging/rpm/mkrpm.sh" srpm "$tmp/rpm" >"$log" 2>&1
src=$tmp/rpm/SRPMS/vxfp-$version-1.src.rpm
has "$src" "vxfp-$version.tar.gz" vxfp.spec
ok $? "source RPM vxfp-$version-1.src.rpm with the tarball"

if ! "$top/packaging/rpm/mkrpm.sh" rpm "$tmp/rpm" "$kver" >>"$log" 2>&1; then
	sed 's/^/# /' "$log" | tail -n 20
	ok 1 "rpmbuild -ba for $kver"
	echo "1..$n"
	exit 1
fi
ok 0 "rpmbuild -ba for $kver"

dkms=$tmp/rpm/RPMS/noarch/vxfp-dkms-$version-1.noarch.rpm
kmod=$tmp/rpm/RPMS/x86_64/kmod-vxfp-$version-1.x86_64.rpm
tools=$tmp/rpm/RPMS/x86_64/vxfp-tools-$version-1.x86_64.rpm

has "$dkms" "/usr/src/vxfp-$version/dkms.conf" "/usr/src/vxfp-$version/Kbuild" \
	"/usr/src/vxfp-$version/kmod/compat.h"
ok $? "vxfp-dkms holds the sources under /usr/src/vxfp-$version"
mkdir -p "$tmp/x" &&
	(cd "$tmp/x" && rpm2cpio "$dkms" | cpio -idm --quiet) 2>/dev/null &&
	grep -qx "PACKAGE_VERSION=\"$version\"" "$tmp/x/usr/src/vxfp-$version/dkms.conf"
ok $? "vxfp-dkms's dkms.conf says version $version"

ko=/lib/modules/$kver/extra/vxfp/vxfp.ko
has "$kmod" "$ko"
ok $? "kmod-vxfp installs $ko"
(cd "$tmp/x" && rpm2cpio "$kmod" | cpio -idm --quiet) 2>/dev/null &&
	[[ $(modinfo -F vermagic "$tmp/x$ko" | awk '{ print $1 }') == "$kver" ]]
ok $? "kmod-vxfp's module is built for $kver"
scripts=$(rpm -qp --scripts "$kmod" 2>/dev/null)
grep -q -- "weak-modules --add-modules" <<<"$scripts" &&
	grep -q -- "weak-modules --remove-modules" <<<"$scripts"
ok $? "kmod-vxfp's scriptlets add and remove the module with weak-modules"

has "$tools" /usr/sbin/nlctl &&
	grep -q '^/usr/share/man/man8/nlctl\.8' <<<"$(rpm -qlp "$tools" 2>/dev/null)"
ok $? "vxfp-tools holds nlctl and nlctl(8)"

echo "1..$n"
exit "$failed"

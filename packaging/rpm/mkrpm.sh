#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# packaging/rpm/mkrpm.sh srpm|rpm TOPDIR [KVER] - the source RPM, or every
# RPM (vxfp-dkms, vxfp-tools and kmod-vxfp built against KVER), under the
# rpmbuild tree TOPDIR. The spec gets the version of dkms.conf.
#
# On a distribution that is not RPM-based the build dependencies are not in
# the RPM database, so they are not checked (RPM_NODEPS=1, the default
# there); they are where rpm is the package manager.

set -euo pipefail

what=$1
topdir=$(mkdir -p "$2" && cd "$2" && pwd)
kver=${3:-$(uname -r)}
top=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
[[ -n $version ]] || { echo "mkrpm: no PACKAGE_VERSION in dkms.conf" >&2; exit 1; }

if [[ -z ${RPM_NODEPS:-} ]]; then
	RPM_NODEPS=0
	rpm -q rpm >/dev/null 2>&1 || RPM_NODEPS=1
fi

rm -rf "$topdir"/{BUILD,BUILDROOT,SOURCES,SPECS}
mkdir -p "$topdir"/{BUILD,RPMS,SOURCES,SPECS,SRPMS}

# The source tarball: what the packages are built from.
stage=$topdir/SOURCES/vxfp-$version
"$top/packaging/srctree.sh" "$stage" Kbuild Makefile dkms.conf kmod include \
	tools/vm/kver tools/nlctl packaging README Documentation
tar -C "$topdir/SOURCES" --owner=0 --group=0 -czf \
	"$topdir/SOURCES/vxfp-$version.tar.gz" "vxfp-$version"
rm -rf "$stage"

spec=$topdir/SPECS/vxfp.spec
sed -e "s|@VERSION@|$version|g" \
    -e "s|@DATE@|$(LC_ALL=C date -u +'%a %b %d %Y')|g" \
    "$top/packaging/rpm/vxfp.spec.in" >"$spec"

args=(--define "_topdir $topdir")
((RPM_NODEPS)) && args+=(--nodeps)
case $what in
srpm)
	rpmbuild "${args[@]}" -bs "$spec"
	;;
rpm)
	rpmbuild "${args[@]}" --define "kver $kver" -ba "$spec"
	;;
*)
	echo "usage: $0 srpm|rpm TOPDIR [KVER]" >&2
	exit 2
	;;
esac

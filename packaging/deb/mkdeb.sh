#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# packaging/deb/mkdeb.sh OUTDIR - build vxfp-dkms_VERSION_all.deb (the
# module's sources for DKMS) and vxfp-tools_VERSION_ARCH.deb (nlctl) into
# OUTDIR, with dpkg-deb alone: no debhelper, nothing downloaded.

set -euo pipefail

out=$(mkdir -p "$1" && cd "$1" && pwd)
top=$(cd "$(dirname "$0")/../.." && pwd)
pkg=$top/packaging/deb
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
arch=$(dpkg --print-architecture)
maintainer=${DEB_MAINTAINER:-$(git -C "$top" log -1 --format='%an <%ae>' 2>/dev/null ||
			       echo "vxfp maintainers <root@localhost>")}
# What the module needs to build, as the Makefile's MODULE_SOURCES.
module_sources=(Kbuild Makefile dkms.conf kmod include tools/vm/kver)

[[ -n $version ]] || { echo "mkdeb: no PACKAGE_VERSION in dkms.conf" >&2; exit 1; }

work=$out/work
rm -rf "$work"
src=$work/src
"$top/packaging/srctree.sh" "$src" "${module_sources[@]}" tools/nlctl README

# fill TEMPLATE > FILE: @VERSION@, @ARCH@, @MAINTAINER@, @SIZE@, @DEPENDS@
fill()
{
	sed -e "s|@VERSION@|$version|g" -e "s|@ARCH@|$arch|g" \
	    -e "s|@MAINTAINER@|$maintainer|g" -e "s|@SIZE@|${size:-0}|g" \
	    -e "s|@DEPENDS@|${depends:-}|g" "$1"
}

# build ROOT NAME: the package's size, control file and the .deb
build()
{
	local root=$1 name=$2 control=$3 deb=$4

	install -D -m 0644 "$pkg/copyright" "$root/usr/share/doc/$name/copyright"
	size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
	mkdir -p "$root/DEBIAN"
	fill "$pkg/$control" >"$root/DEBIAN/control"
	dpkg-deb --root-owner-group -Zxz --build "$root" "$out/$deb" >/dev/null
	echo "mkdeb: $out/$deb"
}

# vxfp-dkms: the sources under /usr/src/vxfp-VERSION and the DKMS scripts.
root=$work/vxfp-dkms
mkdir -p "$root/usr/src/vxfp-$version"
(cd "$src" && cp -a --parents "${module_sources[@]}" "$root/usr/src/vxfp-$version")
install -D -m 0644 "$src/README" "$root/usr/share/doc/vxfp-dkms/README"
mkdir -p "$root/DEBIAN"
for script in postinst prerm; do
	fill "$pkg/$script" >"$root/DEBIAN/$script"
	chmod 0755 "$root/DEBIAN/$script"
done
build "$root" vxfp-dkms control.dkms "vxfp-dkms_${version}_all.deb"

# vxfp-tools: nlctl, built from the copied sources, and its man page.
root=$work/vxfp-tools
make -s -C "$src/tools/nlctl" -j2 nlctl
make -s -C "$src/tools/nlctl" install DESTDIR="$root" PREFIX=/usr
strip --strip-unneeded --remove-section=.comment "$root/usr/sbin/nlctl"
gzip -9n "$root/usr/share/man/man8/nlctl.8"
# The shared libraries nlctl links, as dpkg-shlibdeps finds them; it wants
# a debian/control to read.
mkdir -p "$work/shlibs/debian"
printf 'Source: vxfp\n\nPackage: vxfp-tools\nArchitecture: any\n' \
	>"$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$root/usr/sbin/nlctl" 2>/dev/null |
	  sed -n 's/^shlibs:Depends=//p')
[[ -n $depends ]] || depends="libc6, libnl-3-200, libnl-genl-3-200"
build "$root" vxfp-tools control.tools "vxfp-tools_${version}_${arch}.deb"

rm -rf "$work"

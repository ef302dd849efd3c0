#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a user does: install the module with DKMS from the source tree
# ("make dkms-install"), load it with modprobe, see a switch carry a ping
# through a VF, and remove it again. Run as dkms_deb.sh (DKMS_PART=deb), the
# same with the Debian packages of "make deb" (make check makes them, in
# build/packages), installed with dpkg -i and removed with dpkg -r. Each
# builds the module, which takes minutes under TCG, so each part runs on
# one kernel only: the source tree's on DKMS_TREE_KVER (default: the
# oldest installed), the packages' on DKMS_DEB_KVER (default: the newest);
# "all" for every kernel.
#
# They install into /usr/src, /var/lib/dkms, /lib/modules and the dpkg
# database, so they run only in the throw-away VM of tools/vm/run (its root
# file system is a tmpfs overlay) unless VXFP_DKMS_TEST=1 says this machine
# may be written to; they clean up after themselves either way.
#
#   ns C                        ns A                         ns B
#   +---------------+           +--------------------+       +-----------------+
#   | sw0v0         |           | sw0 (PF)           |       |                 |
#   | 192.0.2.1     |           |  eth0 (uplink) ----+-------+ eth0            |
#   +------|--------+           +--------------------+       | 192.0.2.100     |
#          +--------- switch sw0 (legacy) ---+               +-----------------+

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

DKMS_PART=${DKMS_PART:-tree}
KVER_RUNNING=$(uname -r)
VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$VXFP_ROOT/dkms.conf")
DKMS_DEB_KVER=${DKMS_DEB_KVER:-$("$VXFP_ROOT/tools/vm/kver" --all | tail -n 1)}
DKMS_TREE_KVER=${DKMS_TREE_KVER:-$("$VXFP_ROOT/tools/vm/kver" --all | head -n 1)}
DEBS=()
WORK=
HIDDEN=()

require_root
require_cmd dkms make gcc modprobe modinfo jq ping
[[ -n $VERSION ]] || skip_all "no PACKAGE_VERSION in $VXFP_ROOT/dkms.conf"
if [[ ! -d /run/vxfp-vm && ${VXFP_DKMS_TEST:-0} != 1 ]]; then
	skip_all "installs into the system: runs in the VM of tools/vm/run," \
		 "or with VXFP_DKMS_TEST=1"
fi
[[ -d /lib/modules/$KVER_RUNNING/build ]] ||
	skip_all "no headers for the running kernel $KVER_RUNNING"
if dkms status -m vxfp | grep -q . || [[ -e /usr/src/vxfp-$VERSION ]]; then
	skip_all "vxfp is already registered with DKMS here; not touching it"
fi
if [[ $DKMS_PART == deb ]]; then
	if [[ $DKMS_DEB_KVER != all && $DKMS_DEB_KVER != "$KVER_RUNNING" ]]; then
		skip_all "the packages are tested on $DKMS_DEB_KVER only" \
			 "(DKMS_DEB_KVER=all for every kernel)"
	fi
	require_cmd dpkg dpkg-deb
	ARCH=$(dpkg --print-architecture)
	DEBS=("$VXFP_ROOT/build/packages/vxfp-dkms_${VERSION}_all.deb"
	      "$VXFP_ROOT/build/packages/vxfp-tools_${VERSION}_${ARCH}.deb")
	ls "${DEBS[@]}" >/dev/null 2>&1 ||
		skip_all "no ${DEBS[*]##*/} in build/packages (make deb)"
	if dpkg -s vxfp-dkms >/dev/null 2>&1 || dpkg -s vxfp-tools >/dev/null 2>&1; then
		skip_all "vxfp packages are installed here; not touching them"
	fi
else
	if [[ $DKMS_TREE_KVER != all && $DKMS_TREE_KVER != "$KVER_RUNNING" ]]; then
		skip_all "the source tree's DKMS install is tested on" \
			 "$DKMS_TREE_KVER only (DKMS_TREE_KVER=all for every kernel)"
	fi
	[[ -x $NLCTL ]] || skip_all "nlctl not built at $NLCTL (make tools)"
fi

# show_make_log: the end of DKMS's build log, after a failed build.
show_make_log()
{
	local log=/var/lib/dkms/vxfp/$VERSION/build/make.log

	[[ -f $log ]] || return 0
	echo "INFO: the end of $log:"
	tail -n 20 "$log" | sed 's/^/\t/'
}

# Seconds since the last call, for the build times in the log.
lap()
{
	local now=$SECONDS

	LAP=$((now - ${LAP_START:-0}))
	LAP_START=$now
}

# installed_ko: the module modprobe would load, as modinfo finds it.
installed_ko()
{
	modinfo -k "$KVER_RUNNING" -F filename vxfp 2>/dev/null
}

# check_dkms_installed WHAT: the module is installed for the running
# kernel by DKMS, signed, and is the one modprobe loads.
check_dkms_installed()
{
	local ko status

	status=$(dkms status -m vxfp -v "$VERSION" -k "$KVER_RUNNING")
	grep -q ": installed" <<<"$status"
	check_err $? "$1: dkms status says \"$status\", not installed"
	ko=$(installed_ko)
	[[ $ko == */updates/dkms/vxfp.ko* ]]
	check_err $? "$1: modprobe would load \"$ko\", not DKMS's module"
	[[ $(modinfo -F version "$ko") == "$VERSION" ]]
	check_err $? "$1: $ko is not version $VERSION"
	[[ $(modinfo -F vermagic "$ko") == "$KVER_RUNNING "* ]]
	check_err $? "$1: $ko is not built for $KVER_RUNNING"
	# Debian's DKMS signs what it builds, with a key of its own.
	[[ -n $(modinfo -F signer "$ko") && -n $(modinfo -F sig_id "$ko") ]]
	check_err $? "$1: $ko carries no signature"
}

# check_modprobe WHAT: modprobe loads the installed module.
check_modprobe()
{
	vxfp_unload
	modprobe vxfp
	check_err $? "$1: modprobe vxfp failed"
	[[ $(cat /sys/module/vxfp/srcversion 2>/dev/null) == \
	   "$(modinfo -F srcversion "$(installed_ko)")" ]]
	check_err $? "$1: the loaded module is not the installed one"
}

# check_switch WHAT NLCTL: a switch over a veth; a ping from a VF in its
# own namespace crosses the switch and the wire.
check_switch()
{
	local what=$1 nlctl=$2 out

	ns_create NSA NSB NSC
	wire_create "$NSA" "$NSB" 192.0.2.100/24
	ip netns exec "$NSA" "$nlctl" switch add name sw0 uplink eth0 vfs 1
	check_err $? "$what: nlctl switch add failed"
	out=$(ip netns exec "$NSA" "$nlctl" -j switch show)
	[[ $(jq -r '.[0].name' <<<"$out") == sw0 ]]
	check_err $? "$what: nlctl switch show: $out"
	ip -n "$NSA" link show sw0 >/dev/null 2>&1 &&
	ip -n "$NSA" link show sw0v0 >/dev/null 2>&1
	check_err $? "$what: no PF or VF netdev"
	ip -n "$NSA" link set sw0 up
	vf_to_ns "$NSA" sw0v0 "$NSC" 192.0.2.1/24
	check_err $? "$what: cannot hand VF 0 to a namespace"
	busywait 5000 ip netns exec "$NSC" ping -c 1 -W 1 192.0.2.100 >/dev/null
	check_err $? "$what: no ping from the VF across the wire"
	ip netns exec "$NSA" "$nlctl" switch del name sw0
	check_err $? "$what: nlctl switch del failed"
	ns_destroy "$NSA" "$NSB" "$NSC"
}

# check_removed WHAT: nothing of vxfp left in DKMS or the module tree.
check_removed()
{
	local left

	dkms status -m vxfp | grep -q .
	check_fail $? "$1: dkms still knows vxfp: $(dkms status -m vxfp)"
	left=$(find /lib/modules -path '*/updates/dkms/vxfp.ko*' 2>/dev/null)
	[[ -z $left ]]
	check_err $? "$1: modules left: $left"
	[[ ! -e /usr/src/vxfp-$VERSION ]]
	check_err $? "$1: /usr/src/vxfp-$VERSION left"
	[[ -z $(installed_ko) ]]
	check_err $? "$1: modinfo still finds $(installed_ko)"
}

test_dkms_tree()
{
	RET=0
	vxfp_unload
	lap
	make -s -C "$VXFP_ROOT" dkms-install KVER="$KVER_RUNNING" \
		>"$WORK/dkms-install.log" 2>&1
	check_err $? "make dkms-install failed: $(tail -n 5 "$WORK/dkms-install.log")"
	[[ $RET == 0 ]] || show_make_log
	lap
	log_info "dkms add, build and install for $KVER_RUNNING: ${LAP}s"
	check_dkms_installed "from the tree"
	log_test "dkms install from the source tree"

	RET=0
	check_modprobe "from the tree"
	[[ $RET == 0 ]] && check_switch "from the tree" "$NLCTL"
	log_test "modprobe vxfp; a switch carries a ping through a VF"

	RET=0
	vxfp_unload
	make -s -C "$VXFP_ROOT" dkms-remove KVER="$KVER_RUNNING" \
		>"$WORK/dkms-remove.log" 2>&1
	check_err $? "make dkms-remove failed: $(tail -n 5 "$WORK/dkms-remove.log")"
	check_removed "make dkms-remove"
	log_test "dkms remove takes it all away"
}

# Build only for the running kernel: the others' headers are hidden from
# the package's postinst and prerm while dpkg runs (a user's machine builds
# for each, the VM has no time for it); so is man-db's auto-update, whose
# trigger would index every man page under TCG.
hide_for_dpkg()
{
	local b

	if [[ -e /var/lib/man-db/auto-update ]]; then
		mv /var/lib/man-db/auto-update /var/lib/man-db/auto-update.vxfp-hidden &&
			HIDDEN+=(/var/lib/man-db/auto-update)
	fi
	for b in /lib/modules/*/build; do
		[[ $b == "/lib/modules/$KVER_RUNNING/build" ]] && continue
		[[ -e $b ]] || continue
		mv "$b" "$b.vxfp-hidden" && HIDDEN+=("$b")
	done
}

unhide_for_dpkg()
{
	local b

	for b in "${HIDDEN[@]}"; do
		mv "$b.vxfp-hidden" "$b"
	done
	HIDDEN=()
}

# dpkg_alone LOG DPKG_ARGS...: dpkg with the above hidden, its output in
# LOG and its time in LAP.
dpkg_alone()
{
	local log=$1 ret

	shift
	hide_for_dpkg
	lap
	dpkg "$@" >"$log" 2>&1
	ret=$?
	lap
	unhide_for_dpkg
	return $ret
}

# The packages carry the tree's sources, not an older tree's.
test_deb_fresh()
{
	RET=0
	dpkg-deb -x "${DEBS[0]}" "$WORK/deb" &&
	"$VXFP_ROOT/packaging/srctree.sh" "$WORK/tree" Kbuild Makefile dkms.conf \
		kmod include tools/vm/kver
	check_err $? "cannot unpack ${DEBS[0]} or copy the tree's sources"
	diff -r "$WORK/deb/usr/src/vxfp-$VERSION" "$WORK/tree" >/dev/null
	check_err $? "${DEBS[0]##*/} does not carry the tree's sources: make deb"
	log_test "vxfp-dkms carries the module's sources of this tree"
}

test_deb()
{
	local nlctl=/usr/sbin/nlctl

	test_deb_fresh
	[[ $EXIT_STATUS == 0 ]] || return

	RET=0
	vxfp_unload
	dpkg_alone "$WORK/dpkg-i.log" -i "${DEBS[@]}"
	check_err $? "dpkg -i failed: $(tail -n 5 "$WORK/dpkg-i.log")"
	[[ $RET == 0 ]] || show_make_log
	log_info "dpkg -i (DKMS build for $KVER_RUNNING): ${LAP}s"
	check_dkms_installed "vxfp-dkms"
	[[ -x $nlctl && -f /usr/share/man/man8/nlctl.8.gz ]]
	check_err $? "vxfp-tools: no $nlctl or its man page"
	log_test "dpkg -i vxfp-dkms vxfp-tools builds and installs the module"

	RET=0
	check_modprobe "vxfp-dkms"
	[[ $("$nlctl" -j info | jq -r .version) == "$VERSION" ]]
	check_err $? "$nlctl -j info does not report version $VERSION"
	[[ $RET == 0 ]] && check_switch "packages" "$nlctl"
	log_test "modprobe vxfp; the packaged nlctl drives a switch"

	RET=0
	vxfp_unload
	dpkg_alone "$WORK/dpkg-r.log" -r vxfp-tools vxfp-dkms
	check_err $? "dpkg -r failed: $(tail -n 5 "$WORK/dpkg-r.log")"
	log_info "dpkg -r: ${LAP}s"
	check_removed "dpkg -r"
	! dpkg -s vxfp-dkms >/dev/null 2>&1 && ! dpkg -s vxfp-tools >/dev/null 2>&1
	check_err $? "packages still installed"
	[[ ! -e $nlctl ]]
	check_err $? "$nlctl left"
	log_test "dpkg -r removes the module, the sources and nlctl"
}

test_cleanup()
{
	unhide_for_dpkg
	ns_cleanup
	vxfp_unload
	if dpkg -s vxfp-dkms >/dev/null 2>&1 || dpkg -s vxfp-tools >/dev/null 2>&1; then
		dpkg -r vxfp-tools vxfp-dkms >/dev/null 2>&1
	fi
	if dkms status -m vxfp | grep -q .; then
		dkms remove -m vxfp -v "$VERSION" --all >/dev/null 2>&1
	fi
	rm -rf "/usr/src/vxfp-$VERSION"
	[[ -n $WORK ]] && rm -rf "$WORK"
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vxfp-dkms.XXXXXX") || exit "$ksft_fail"
case $DKMS_PART in
deb)	test_deb ;;
*)	test_dkms_tree ;;
esac
check_no_leftovers

exit "$EXIT_STATUS"

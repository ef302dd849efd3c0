#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Mutating commands need CAP_NET_ADMIN in the user namespace that owns the
# requester's network namespace; reading needs nothing. Every command of
# the family, as raw requests (genl.py) from an unprivileged user: those
# that change something (all but the GETs and the notifications) EPERM,
# changing nothing, then the same request taken from root.
#
#   ns A (init user ns)            ns U (owned by a new user ns)
#   +----------------+             +-----------------------------+
#   | va0 -- vb0     |             | ua0 -- ub0   (made by the    |
#   | (veth, uplink) |             |  unprivileged user's root)  |
#   | vc0 -- vd0     |             +-----------------------------+
#   | (veth, uplink  |
#   |  of sw9)       |
#   +----------------+

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# nobody may not reach the work tree (a clone under /root, say): run a copy,
# and one of genl.py and the header it reads.
NLCTL_DIR=$(mktemp -d)
chmod 755 "$NLCTL_DIR"
cp "$NLCTL" "$NLCTL_DIR/nlctl"
NLCTL=$NLCTL_DIR/nlctl
mkdir -p "$NLCTL_DIR/selftests" "$NLCTL_DIR/include/uapi/linux"
cp "$VXFP_SELFTEST_DIR/genl.py" "$NLCTL_DIR/selftests/"
cp "$VXFP_ROOT/include/uapi/linux/vxfp.h" "$NLCTL_DIR/include/uapi/linux/"
chmod -R a+rX "$NLCTL_DIR"
GENL=$NLCTL_DIR/selftests/genl.py

setup()
{
	vxfp_load
	ns_create NSA
	ip -n "$NSA" link add va0 type veth peer name vb0
	ip -n "$NSA" link set va0 up
	ip -n "$NSA" link set vb0 up
	ip -n "$NSA" link add vc0 type veth peer name vd0
	ip -n "$NSA" link set vc0 up
	ip -n "$NSA" link set vd0 up
}

# Run nlctl in ns A, as root or as nobody.
nl_a()
{
	ip netns exec "$NSA" "$NLCTL" "$@"
}

nl_a_nobody()
{
	ip netns exec "$NSA" "${NOBODY[@]}" "$NLCTL" "$@"
}

test_unprivileged_refused()
{
	local out rc

	RET=0
	out=$(nl_a_nobody switch add name sw0 uplink va0 2>&1)
	rc=$?
	[ "$rc" -eq 2 ]
	check_err $? "unprivileged switch add exited $rc, not 2"
	[ "$(wc -l <<<"$out")" -eq 1 ] &&
		grep -q "^Error: Operation not permitted" <<<"$out"
	check_err $? "not a one-line EPERM error: $out"
	[ -z "$(nl_a switch show)" ]
	check_err $? "a switch was made anyway"
	ip -n "$NSA" link show sw0 >/dev/null 2>&1
	check_fail $? "a PF netdev was made anyway"
	log_test "switch add without CAP_NET_ADMIN: EPERM, one line"
}

test_cap_dropped_refused()
{
	local out rc

	RET=0
	nl_a switch add name sw0 uplink va0
	check_err $? "privileged switch add failed"
	out=$(ip netns exec "$NSA" capsh --drop=cap_net_admin -- -c \
	      "$NLCTL switch del name sw0" 2>&1)
	rc=$?
	[ "$rc" -eq 2 ] && grep -q "^Error: Operation not permitted" <<<"$out"
	check_err $? "root without CAP_NET_ADMIN could delete ($rc): $out"
	nl_a switch show name sw0 >/dev/null
	check_err $? "the switch is gone after a refused delete"
	log_test "switch del by root without CAP_NET_ADMIN: EPERM"
}

test_unprivileged_reads()
{
	local out

	RET=0
	out=$(nl_a_nobody info)
	check_err $? "unprivileged nlctl info failed"
	out=$(nl_a_nobody switch show)
	check_err $? "unprivileged switch show failed"
	grep -q "^sw0:" <<<"$out"
	check_err $? "unprivileged switch show does not list sw0: $out"
	log_test "reading needs no privilege"
}

test_user_namespace()
{
	local out

	RET=0
	# Root of a fresh user namespace owns its own netns and may make a
	# switch there, but sees and touches nothing of ns A.
	out=$("${NOBODY[@]}" unshare -Urn sh -c "
		ip link add ua0 type veth peer name ub0 &&
		ip link set ua0 up &&
		$NLCTL switch add name sw1 uplink ua0 &&
		$NLCTL switch show &&
		$NLCTL switch del name sw1" 2>&1)
	check_err $? "switch in an owned netns failed: $out"
	grep -q "^sw1:" <<<"$out" && ! grep -q "^sw0:" <<<"$out"
	check_err $? "wrong switches seen from the user namespace: $out"

	out=$(nsenter --net=/run/netns/"$NSA" "${NOBODY[@]}" unshare -Ur \
	      "$NLCTL" switch del name sw0 2>&1)
	grep -q "^Error: Operation not permitted" <<<"$out"
	check_err $? "a user namespace's root touched ns A's switch: $out"
	nl_a switch show name sw0 >/dev/null
	check_err $? "ns A's switch is gone"
	log_test "user namespace root: own netns only"
}

# genl_a [--nobody] CMD ATTRS...: genl.py in ns A, as root or as nobody.
genl_a()
{
	if [[ $1 == --nobody ]]; then
		shift
		ip netns exec "$NSA" "${NOBODY[@]}" python3 "$GENL" "$@"
	else
		ip netns exec "$NSA" python3 "$GENL" "$@"
	fi
}

# ns_state: what a refused request must not change: switches, VFs and
# flows of ns A.
ns_state()
{
	nl_a -j switch show
	nl_a -j vf show
	nl_a -j flow show
}

# Each mutating command, well formed, in an order in which root can do
# them all on sw9: from nobody EPERM and nothing changed, from root done.
# The commands of the header that are not here must be read-only (GETs,
# which nobody may send) or notifications (which no one may).
test_every_mutating_command()
{
	local -A seen=()
	local req cmd out before name ok=0
	local -a reqs=(
		"SWITCH_NEW SWITCH_NAME:str:sw9 UPLINK_IFINDEX:u32:$(ip netns exec "$NSA" cat /sys/class/net/vc0/ifindex) NUM_VFS:u32:2"
		"SWITCH_SET SWITCH_NAME:str:sw9 ESWITCH_MODE:u8:1"
		"PORT_SET SWITCH_NAME:str:sw9 PORT_INDEX:u32:1 VF_VLAN:u16:5 VF_SPOOFCHK:u8:1"
		"FLOW_NEW SWITCH_NAME:str:sw9 FLOW:{ FLOW_A_COOKIE:u64:0x77 FLOW_A_KEY:{ KEY_A_IN_PORT:u32:0 } FLOW_A_ACTIONS:{ ACT_A_OUTPUT:u32:1 } } FLOW:{ FLOW_A_COOKIE:u64:0x78 FLOW_A_KEY:{ KEY_A_IN_PORT:u32:1 } FLOW_A_ACTIONS:{ ACT_A_DROP:flag } }"
		"FLOW_DEL SWITCH_NAME:str:sw9 FLOW:{ FLOW_A_COOKIE:u64:0x77 }"
		"FLOW_FLUSH SWITCH_NAME:str:sw9"
		"SWITCH_DEL SWITCH_NAME:str:sw9"
	)

	RET=0
	for req in "${reqs[@]}"; do
		read -r -a cmd <<<"$req"
		before=$(ns_state)
		out=$(genl_a --nobody "${cmd[@]}" 2>&1)
		[[ $out == "ERR EPERM"* ]]
		check_err $? "${cmd[0]} as nobody: $out"
		[[ $(ns_state) == "$before" ]]
		check_err $? "${cmd[0]} as nobody changed something"
		out=$(genl_a "${cmd[@]}" 2>&1)
		[[ $out == OK* ]]
		check_err $? "${cmd[0]} as root: $out"
		[[ $(ns_state) != "$before" ]]
		check_err $? "${cmd[0]} as root changed nothing"
		seen[${cmd[0]}]=1
		ok=$((ok + 1))
	done
	# The rest of the family: reads and notifications.
	while read -r name; do
		[[ $name == UNSPEC || -n ${seen[$name]:-} ]] && continue
		out=$(genl_a --nobody "$name" 2>&1)
		case $name in
		*_GET)
			[[ $out != "ERR EPERM"* && $out != "ERR EOPNOTSUPP"* &&
			   $out != "ERR ENOTSUP"* ]]
			check_err $? "$name as nobody: $out" ;;
		PORT_NEW|PORT_DEL)
			# Python names EOPNOTSUPP by its alias ENOTSUP.
			[[ $out == "ERR EOPNOTSUPP"* || $out == "ERR ENOTSUP"* ]]
			check_err $? "$name (a notification) as nobody: $out" ;;
		*)
			check_err 1 "$name: a command perm.sh does not know: $out" ;;
		esac
	done < <(sed -n 's/^\s*VXFP_CMD_\([A-Z_]*\),.*/\1/p' \
		 "$VXFP_ROOT/include/uapi/linux/vxfp.h")
	log_test "every mutating command ($ok) as nobody: EPERM, nothing changed"
}

test_cleanup()
{
	ip netns exec "$NSA" "$NLCTL" switch del name sw9 2>/dev/null
	ip netns exec "$NSA" "$NLCTL" switch del name sw0 2>/dev/null
	rm -rf "$NLCTL_DIR"
}

setup
test_unprivileged_refused
test_cap_dropped_refused
test_unprivileged_reads
test_user_namespace
test_every_mutating_command
check_no_leftovers

exit "$EXIT_STATUS"

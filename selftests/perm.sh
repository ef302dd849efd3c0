#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Mutating commands need CAP_NET_ADMIN in the user namespace that owns the
# requester's network namespace; reading needs nothing.
#
#   ns A (init user ns)            ns U (owned by a new user ns)
#   +----------------+             +-----------------------------+
#   | va0 -- vb0     |             | ua0 -- ub0   (made by the    |
#   | (veth, uplink) |             |  unprivileged user's root)  |
#   +----------------+             +-----------------------------+

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# nobody may not reach the work tree (a clone under /root, say): run a copy.
NLCTL_DIR=$(mktemp -d)
chmod 755 "$NLCTL_DIR"
cp "$NLCTL" "$NLCTL_DIR/nlctl"
NLCTL=$NLCTL_DIR/nlctl

setup()
{
	vxfp_load
	ns_create NSA
	ip -n "$NSA" link add va0 type veth peer name vb0
	ip -n "$NSA" link set va0 up
	ip -n "$NSA" link set vb0 up
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

test_cleanup()
{
	ip netns exec "$NSA" "$NLCTL" switch del name sw0 2>/dev/null
	rm -rf "$NLCTL_DIR"
}

setup
test_unprivileged_refused
test_cap_dropped_refused
test_unprivileged_reads
test_user_namespace
check_no_leftovers

exit "$EXIT_STATUS"

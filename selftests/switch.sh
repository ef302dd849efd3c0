#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Switch objects over a veth uplink: creation, identity, the PF's traffic
# in both modes, refusals, and teardown by every path that can end one.
#
#   ns A                                   ns B
#   +--------------------------------+     +----------------------+
#   | sw0 (PF) 192.0.2.1/24          |     |                      |
#   |  | stacked on                  |     |                      |
#   | va0 (uplink) 198.51.100.1/24 --+-----+ vb0 192.0.2.2/24     |
#   |                                |     |     198.51.100.2/24  |
#   +--------------------------------+     +----------------------+

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

setup()
{
	vxfp_load
	ns_create NSA
	ns_create NSB
	ip -n "$NSA" link add va0 type veth peer name vb0 netns "$NSB"
	ip -n "$NSA" addr add 198.51.100.1/24 dev va0
	ip -n "$NSA" link set va0 up
	ip -n "$NSB" addr add 192.0.2.2/24 dev vb0
	ip -n "$NSB" addr add 198.51.100.2/24 dev vb0
	ip -n "$NSB" link set vb0 up
}

nl()
{
	ip netns exec "$NSA" "$NLCTL" "$@"
}

sw_add()
{
	nl switch add name sw0 uplink va0 "$@" &&
	ip -n "$NSA" addr add 192.0.2.1/24 dev sw0 &&
	ip -n "$NSA" link set sw0 up
}

ping_from()
{
	ip netns exec "$NSA" ping -c 2 -i 0.2 -W 2 -I "$1" "$2" >/dev/null 2>&1
}

test_create()
{
	local out

	RET=0
	sw_add
	check_err $? "switch add failed"
	out=$(nl -j switch show)
	check_err $? "switch show failed"
	[ "$(jq -r '.[0].name' <<<"$out")" = sw0 ] &&
		[ "$(jq -r '.[0].mode' <<<"$out")" = legacy ] &&
		[ "$(jq -r '.[0].uplink' <<<"$out")" = va0 ]
	check_err $? "unexpected switch show output: $out"
	[ "$(ip netns exec "$NSA" cat /sys/class/net/sw0/phys_port_name)" = p0 ]
	check_err $? "PF phys_port_name is not p0"
	[ -n "$(ip netns exec "$NSA" cat /sys/class/net/sw0/phys_switch_id)" ]
	check_err $? "PF has no phys_switch_id"
	ip -n "$NSA" -d link show sw0 | grep -q "sw0@va0"
	check_err $? "PF does not show its uplink as link"
	log_test "switch add: PF with identity"
}

test_legacy_traffic()
{
	local before after

	RET=0
	before=$(ip -n "$NSA" -j -s link show sw0 | jq '.[0].stats64.rx.packets')
	ping_from sw0 192.0.2.2
	check_err $? "no ping through the PF"
	ping_from va0 198.51.100.2
	check_err $? "the uplink's own traffic no longer passes"
	after=$(ip -n "$NSA" -j -s link show sw0 | jq '.[0].stats64.rx.packets')
	[ "$after" -ge $((before + 2)) ]
	check_err $? "PF rx counter did not move: $before -> $after"
	log_test "legacy: PF and uplink traffic side by side"
}

test_stable_identity()
{
	local mac1 mac2 id1 id2

	RET=0
	mac1=$(ip netns exec "$NSA" cat /sys/class/net/sw0/address)
	id1=$(ip netns exec "$NSA" cat /sys/class/net/sw0/phys_switch_id)
	nl switch del name sw0
	check_err $? "switch del failed"
	ip -n "$NSA" link show sw0 >/dev/null 2>&1
	check_fail $? "PF still there after switch del"
	sw_add
	check_err $? "switch add again failed"
	mac2=$(ip netns exec "$NSA" cat /sys/class/net/sw0/address)
	id2=$(ip netns exec "$NSA" cat /sys/class/net/sw0/phys_switch_id)
	[ "$mac1" = "$mac2" ] && [ "$id1" = "$id2" ]
	check_err $? "identity changed: $mac1/$id1 -> $mac2/$id2"
	log_test "same name, same uplink: same MAC and switch id"
}

# A deleted switch's device is released, and its number freed, before
# switch del returns: a new switch gets the same number. Kernels from 6.6
# have the devlink instance hold its parent device until devlink_free(),
# so a devlink freed only in the device's release would keep both.
test_released()
{
	local id1 id2

	RET=0
	id1=$(nl -j switch show name sw0 | jq '.[0].id')
	nl switch del name sw0
	check_err $? "switch del failed"
	sw_add
	check_err $? "switch add again failed"
	id2=$(nl -j switch show name sw0 | jq '.[0].id')
	[[ -n $id1 && $id1 == "$id2" ]]
	check_err $? "the switch's number was not freed: $id1, then $id2"
	log_test "switch del releases the switch: its number is reused"
}

test_switchdev_traffic()
{
	RET=0
	nl switch del name sw0
	sw_add mode switchdev
	check_err $? "switchdev switch add failed"
	[ "$(nl -j switch show name sw0 | jq -r '.[0].mode // .mode')" = \
	  switchdev ]
	check_err $? "mode is not switchdev"
	ping_from sw0 192.0.2.2
	check_err $? "no ping through the PF in switchdev mode"
	# The switch owns the wire: the uplink's own stack sees nothing.
	ping_from va0 198.51.100.2
	check_fail $? "the uplink still has traffic of its own in switchdev mode"
	nl switch del name sw0
	ping_from va0 198.51.100.2
	check_err $? "the uplink did not get its traffic back"
	sw_add
	log_test "switchdev: PF is the uplink's representor"
}

expect_error()
{
	local what=$1 pattern=$2 out rc

	shift 2
	out=$(nl "$@" 2>&1)
	rc=$?
	[ "$rc" -ne 0 ] && [ "$(wc -l <<<"$out")" -eq 1 ] &&
		grep -q "$pattern" <<<"$out"
	check_err $? "$what: exit $rc, \"$out\""
}

test_refusals()
{
	RET=0
	ip -n "$NSA" link add vc0 type veth peer name vd0
	expect_error "duplicate name" "^Error: vxfp: A switch of that name" \
		switch add name sw0 uplink vc0
	expect_error "uplink taken" "^Error: vxfp: Uplink already" \
		switch add name sw1 uplink va0
	expect_error "PF as uplink" "^Error: vxfp: Uplink cannot be a vxfp port" \
		switch add name sw1 uplink sw0
	expect_error "loopback uplink" "^Error: vxfp: Uplink must be" \
		switch add name sw1 uplink lo
	ip -n "$NSA" link add br0 type bridge
	ip -n "$NSA" link set vc0 master br0
	expect_error "bridged uplink" "^Error: vxfp: Uplink is already taken" \
		switch add name sw1 uplink vc0
	# A netdev of the name the PF would get (veth: every test kernel has it).
	ip -n "$NSA" link add busy0 type veth peer name busy1
	check_err $? "cannot make a netdev named busy0"
	expect_error "name in use" "^Error: vxfp: A netdev has the name" \
		switch add name busy0 uplink vd0
	expect_error "no such switch" "^Error: vxfp: Switch not found" \
		switch del name nosuch
	[ "$(nl -j switch show | jq length)" -eq 1 ]
	check_err $? "a refused request left a switch behind"
	ip -n "$NSA" link del br0
	ip -n "$NSA" link del vc0
	ip -n "$NSA" link del busy0
	log_test "refusals: clear extack, nothing left behind"
}

test_uplink_deleted()
{
	RET=0
	ip -n "$NSA" link del va0
	check_err $? "deleting the uplink failed"
	[ "$(nl -j switch show | jq length)" -eq 0 ]
	check_err $? "switch survived its uplink"
	ip -n "$NSA" link show sw0 >/dev/null 2>&1
	check_fail $? "PF survived its uplink"
	log_test "uplink deleted: switch gone"
}

test_netns_deleted()
{
	local pid

	RET=0
	ip -n "$NSA" link add va0 type veth peer name vb0 netns "$NSB"
	ip -n "$NSA" link set va0 up
	ip -n "$NSB" addr add 192.0.2.2/24 dev vb0
	ip -n "$NSB" link set vb0 up
	sw_add
	check_err $? "switch add failed"
	ip netns exec "$NSA" ping -f -I sw0 192.0.2.2 >/dev/null 2>&1 &
	pid=$!
	sleep 1
	ns_destroy "$NSA"
	check_err $? "deleting ns A failed"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	# The switch held nothing that keeps the module in.
	vxfp_unload
	check_err $? "module busy after its netns went away"
	log_test "netns deleted under traffic: switch gone"
}

test_unload_under_traffic()
{
	local pid

	RET=0
	vxfp_load
	ns_create NSA
	ip -n "$NSA" link add va0 type veth peer name vb1 netns "$NSB"
	ip -n "$NSA" link set va0 up
	ip -n "$NSB" addr add 192.0.2.3/24 dev vb1
	ip -n "$NSB" link set vb1 up
	sw_add
	check_err $? "switch add failed"
	ip netns exec "$NSA" ping -f -I sw0 192.0.2.3 >/dev/null 2>&1 &
	pid=$!
	sleep 1
	rmmod vxfp
	check_err $? "rmmod under traffic failed"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	ip -n "$NSA" link show sw0 >/dev/null 2>&1
	check_fail $? "PF survived the module"
	log_test "rmmod under traffic"
}

# Two switches of the same name in two namespaces, at once; then one's
# uplink deleted while its VFs send.
test_two_switches_uplink_gone()
{
	local n1 n2 pid

	RET=0
	vxfp_load
	ns_create NSX NSY NSXP NSYP NSXC
	for n in "$NSX:$NSXP" "$NSY:$NSYP"; do
		n1=${n%%:*}
		n2=${n##*:}
		ip -n "$n1" link add up0 type veth peer name up0 netns "$n2"
		ip -n "$n1" link set up0 up
		ip -n "$n2" link set up0 up
		ip netns exec "$n1" "$NLCTL" switch add name sw0 uplink up0 vfs 2
		check_err $? "switch sw0 in $n1 failed"
	done
	[ "$(devlink dev show | grep -c vxfp/)" -ge 2 ]
	check_err $? "not one devlink instance per switch"
	ip -n "$NSX" link set sw0v0 netns "$NSXC"
	ip -n "$NSXC" addr add 192.0.2.1/24 dev sw0v0
	ip -n "$NSXC" link set sw0v0 up
	ip -n "$NSXP" addr add 192.0.2.100/24 dev up0
	ip netns exec "$NSXC" ping -f -W 1 192.0.2.100 >/dev/null 2>&1 &
	pid=$!
	sleep 1
	ip -n "$NSX" link del up0
	check_err $? "deleting the uplink under traffic failed"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	ip -n "$NSXC" link show sw0v0 >/dev/null 2>&1
	check_fail $? "a VF outlived its switch's uplink"
	[ -z "$(ip netns exec "$NSX" "$NLCTL" switch show)" ]
	check_err $? "the switch outlived its uplink"
	ip netns exec "$NSY" "$NLCTL" switch show | grep -q "^sw0:"
	check_err $? "the other namespace's switch went too"
	ip netns exec "$NSY" "$NLCTL" switch del name sw0
	log_test "same name in two namespaces; uplink gone under VF traffic"
}

test_cleanup()
{
	ns_cleanup
	vxfp_unload
}

setup
test_create
test_legacy_traffic
test_stable_identity
test_released
test_switchdev_traffic
test_refusals
test_uplink_deleted
test_netns_deleted
test_unload_under_traffic
test_two_switches_uplink_gone
check_no_leftovers

exit "$EXIT_STATUS"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Switchdev mode: representors and devlink ports appear and vanish with the
# mode, changed while the VFs are busy; the miss path VF -> representor;
# a slow path (a Linux bridge over the representors, standing in for OVS)
# carrying VF to VF; devlink port function hw_addr; monitor events; and
# teardown under traffic.
#
#   ns C0            ns C1            ns A                          ns B
#   +-----------+    +-----------+    +-------------------------+   +--------+
#   | sw0v0     |    | sw0v1     |    | br0 (slow path)         |   |        |
#   | 192.0.2.1 |    | 192.0.2.2 |    |  sw0_0     sw0_1 (reps) |   |        |
#   +-----|-----+    +-----|-----+    | sw0 (PF) 192.0.2.10     |   | eth0   |
#         |                |          |  eth0 (uplink) ---------+---+ .100   |
#         +--- switch sw0 (switchdev) ---+                          +--------+

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_cmd devlink
require_cmd tcpdump
require_cmd iperf3
require_cmd jq

setup()
{
	vxfp_load
	ns_create NSA NSB NSC0 NSC1
	wire_create "$NSA" "$NSB" 192.0.2.100/24
	vf_setup
}

# A switch in legacy mode with its VFs in C0 and C1.
vf_setup()
{
	nl switch add name sw0 uplink eth0 vfs 2 || return 1
	DL=vxfp/vxfp$(nl -j switch show name sw0 | jq '.[0].id')
	ip -n "$NSA" addr add 192.0.2.10/24 dev sw0
	ip -n "$NSA" link set sw0 up
	vf_to_ns "$NSA" sw0v0 "$NSC0" 192.0.2.1/24
	vf_to_ns "$NSA" sw0v1 "$NSC1" 192.0.2.2/24
}

nl()
{
	ip netns exec "$NSA" "$NLCTL" "$@"
}

ping_ok()
{
	ip netns exec "$1" ping -c 2 -i 0.3 -W 2 "$2" >/dev/null 2>&1
}

# mode_set_busy MODE: change the eswitch mode through devlink while C0
# pings C1; the status is devlink's.
mode_set_busy()
{
	local pid rc

	ip netns exec "$NSC0" ping -i 0.05 -W 1 192.0.2.2 >/dev/null 2>&1 &
	pid=$!
	sleep 0.5
	devlink dev eswitch set "$DL" mode "$1"
	rc=$?
	kill "$pid"
	wait "$pid" 2>/dev/null
	return "$rc"
}

# The slow path: a bridge over the representors.
slow_path_up()
{
	ip -n "$NSA" link add br0 type bridge
	ip -n "$NSA" link set sw0_0 master br0
	ip -n "$NSA" link set sw0_1 master br0
	ip -n "$NSA" link set sw0_0 up
	ip -n "$NSA" link set sw0_1 up
	ip -n "$NSA" link set br0 up
}

test_to_switchdev_busy()
{
	local out

	RET=0
	ping_ok "$NSC0" 192.0.2.2
	check_err $? "legacy VF to VF before the change"
	mode_set_busy switchdev
	check_err $? "devlink eswitch set switchdev failed"

	devlink dev eswitch show "$DL" | grep -q "mode switchdev"
	check_err $? "devlink does not show switchdev"
	[ "$(nl -j switch show name sw0 | jq -r '.[0].mode')" = switchdev ]
	check_err $? "nlctl does not show switchdev"
	for i in 0 1; do
		[ "$(ip netns exec "$NSA" \
		     cat /sys/class/net/sw0_$i/phys_port_name)" = "pf0vf$i" ]
		check_err $? "representor sw0_$i missing or misnamed"
		[ "$(ip netns exec "$NSA" \
		     cat /sys/class/net/sw0_$i/phys_switch_id)" = \
		  "$(ip netns exec "$NSA" cat /sys/class/net/sw0/phys_switch_id)" ]
		check_err $? "representor sw0_$i has another switch id"
	done
	out=$(devlink port show)
	[ "$(grep -c "flavour pcivf controller 0 pfnum 0" <<<"$out")" -eq 2 ] &&
		grep -q "$DL/0: .*flavour physical" <<<"$out" &&
		grep -q "$DL/[0-9]*: .*flavour pcipf controller 0 pfnum 0" <<<"$out"
	check_err $? "devlink ports wrong: $out"
	log_test "legacy -> switchdev with the VFs busy: reps, devlink ports"
}

test_miss_path()
{
	local out before

	RET=0
	ip -n "$NSA" link set sw0_0 up
	before=$(ip netns exec "$NSA" cat /sys/class/net/sw0_0/statistics/rx_packets)
	ip netns exec "$NSC0" ip neigh flush dev sw0v0
	capture "$NSA" sw0_0 1 "arp and src host 192.0.2.1"
	ip netns exec "$NSC0" ping -c 2 -i 0.3 -W 1 192.0.2.2 >/dev/null 2>&1
	check_fail $? "VF reached VF with no slow path"
	out=$(end_capture)
	grep -q "who-has 192.0.2.2 tell 192.0.2.1" <<<"$out"
	check_err $? "the VF's ARP did not come up its representor: $out"
	[ "$(ip netns exec "$NSA" \
	     cat /sys/class/net/sw0_0/statistics/rx_packets)" -gt "$before" ]
	check_err $? "representor rx counter did not move"
	log_test "miss path: a VF's packets come up its representor"
}

test_slow_path()
{
	local out mbps

	RET=0
	slow_path_up
	busywait 5000 ping_ok "$NSC0" 192.0.2.2
	check_err $? "VF -> rep -> bridge -> rep -> VF does not work"
	iperf3_server "$NSC1"
	check_err $? "no iperf3 server in C1"
	out=$(ip netns exec "$NSC0" timeout 20 iperf3 -c 192.0.2.2 -t 2 -J \
	      2>/dev/null)
	mbps=$(jq '.end.sum_received.bits_per_second / 1000000 | floor' \
	       <<<"$out")
	log_info "TCP VF -> slow path -> VF: ${mbps:-?} Mbit/s"
	[ -n "$mbps" ] && [ "$mbps" -gt 0 ]
	check_err $? "no TCP through the slow path"
	log_test "slow path over the representors carries VF to VF"
}

test_pf_is_uplink_rep()
{
	RET=0
	ping_ok "$NSB" 192.0.2.10
	check_err $? "the wire cannot reach the PF in switchdev mode"
	ping_ok "$NSC0" 192.0.2.100
	check_fail $? "a VF reached the wire with no slow path to it"
	ip -n "$NSA" addr del 192.0.2.10/24 dev sw0
	ip -n "$NSA" link set sw0 master br0
	busywait 5000 ping_ok "$NSC0" 192.0.2.100
	check_err $? "VF -> rep -> bridge -> PF -> wire does not work"
	ip -n "$NSA" link set sw0 nomaster
	ip -n "$NSA" addr add 192.0.2.10/24 dev sw0
	log_test "PF as the uplink's representor"
}

test_hw_addr()
{
	RET=0
	devlink port function set "$DL/1" hw_addr 02:aa:bb:cc:dd:01
	check_err $? "devlink port function set hw_addr failed"
	devlink port show "$DL/1" | grep -q "hw_addr 02:aa:bb:cc:dd:01"
	check_err $? "devlink does not show the new address"
	[ "$(ip netns exec "$NSC0" cat /sys/class/net/sw0v0/address)" = \
	  02:aa:bb:cc:dd:01 ]
	check_err $? "the VF did not take the address"
	devlink port function set "$DL/0" hw_addr 02:aa:bb:cc:dd:02 \
		2>/dev/null
	check_fail $? "the physical port took a function address"
	log_test "devlink port function hw_addr sets a VF's MAC"
}

test_to_legacy_busy()
{
	RET=0
	mode_set_busy legacy
	check_err $? "devlink eswitch set legacy failed"
	ip -n "$NSA" link show sw0_0 >/dev/null 2>&1
	check_fail $? "representor left in legacy mode"
	devlink port show | grep -q pcivf
	check_fail $? "VF devlink ports left in legacy mode"
	ip -n "$NSC0" neigh flush dev sw0v0
	busywait 5000 ping_ok "$NSC0" 192.0.2.2
	check_err $? "legacy switching did not come back"
	ip -n "$NSA" link del br0
	log_test "switchdev -> legacy with the VFs busy"
}

test_monitor()
{
	local out pid

	RET=0
	out=$(mktemp)
	ip netns exec "$NSA" "$NLCTL" monitor >"$out" &
	pid=$!
	sleep 1
	nl switch set name sw0 mode switchdev
	check_err $? "nlctl switch set mode switchdev failed"
	nl switch set name sw0 mode legacy
	busywait 3000 sh -c "[ \$(grep -c 'port del' $out) -eq 2 ]"
	kill "$pid"
	wait "$pid" 2>/dev/null
	grep -q "^\[switch set\] sw0: mode switchdev" "$out"
	check_err $? "no switch set event: $(cat "$out")"
	[ "$(grep -c "^\[port new\] sw0 pf0vf" "$out")" -eq 2 ] &&
		[ "$(grep -c "^\[port del\] sw0 pf0vf" "$out")" -eq 2 ]
	check_err $? "port events missing: $(cat "$out")"
	rm -f "$out"
	log_test "monitor: mode and representor events"
}

test_del_under_traffic()
{
	local pid

	RET=0
	nl switch set name sw0 mode switchdev
	slow_path_up
	busywait 5000 ping_ok "$NSC0" 192.0.2.2
	ip netns exec "$NSC0" ping -f -W 1 192.0.2.2 >/dev/null 2>&1 &
	pid=$!
	sleep 1
	nl switch del name sw0
	check_err $? "switch del under traffic failed"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	devlink dev show | grep -q "$DL"
	check_fail $? "devlink instance left"
	! ip -n "$NSA" -o link show | grep -q "sw0"
	check_err $? "switch netdevs left"
	ip -n "$NSA" link del br0
	log_test "switch del in switchdev mode under traffic"
}

test_rmmod_under_traffic()
{
	local pid

	RET=0
	vf_setup
	nl switch set name sw0 mode switchdev
	slow_path_up
	busywait 5000 ping_ok "$NSC0" 192.0.2.2
	ip netns exec "$NSC0" ping -f -W 1 192.0.2.2 >/dev/null 2>&1 &
	pid=$!
	sleep 1
	rmmod vxfp
	check_err $? "rmmod under traffic failed"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ -z "$(devlink dev show)" ] || ! devlink dev show | grep -q vxfp
	check_err $? "devlink instance left after rmmod"
	ip -n "$NSC0" link show sw0v0 >/dev/null 2>&1
	check_fail $? "VF left after rmmod"
	ip -n "$NSA" link del br0
	log_test "rmmod in switchdev mode under traffic"
}

test_cleanup()
{
	ns_cleanup
	vxfp_unload
}

setup || { echo "setup failed"; exit "$ksft_fail"; }
test_to_switchdev_busy
test_miss_path
test_slow_path
test_pf_is_uplink_rep
test_hw_addr
test_to_legacy_busy
test_monitor
test_del_under_traffic
test_rmmod_under_traffic
check_no_leftovers

exit "$EXIT_STATUS"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# VFs in legacy mode, configured through the PF as on an SR-IOV NIC, and
# checked on the wire: switching between VFs, PF and wire, port VLAN tags
# (seen with tcpdump), spoof check, trust, link state, rate limit, counters,
# and a VF's namespace deleted under traffic.
#
#   ns C0              ns C1              ns A                       ns B
#   +-------------+    +-------------+    +--------------------+     +-----------------+
#   | sw0v0       |    | sw0v1       |    | sw0 (PF)           |     |                 |
#   | 192.0.2.1   |    | 192.0.2.2   |    | 192.0.2.10         |     | eth0            |
#   +------|------+    +------|------+    |  eth0 (uplink) ----+-----+ 192.0.2.100     |
#          |                  |           +--------------------+     | eth0.10         |
#          +------ switch sw0 (legacy) ------+                       | 198.51.100.100  |
#                                                                    +-----------------+

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_cmd tcpdump
require_cmd iperf3
require_cmd jq

setup()
{
	vxfp_load
	ns_create NSA NSB NSC0 NSC1
	wire_create "$NSA" "$NSB" 192.0.2.100/24
	ip -n "$NSB" link add link eth0 name eth0.10 type vlan id 10
	ip -n "$NSB" addr add 198.51.100.100/24 dev eth0.10
	ip -n "$NSB" link set eth0.10 up

	nl switch add name sw0 uplink eth0 vfs 2 || return 1
	ip -n "$NSA" addr add 192.0.2.10/24 dev sw0
	ip -n "$NSA" link set sw0 up
	vf_to_ns "$NSA" sw0v0 "$NSC0" 192.0.2.1/24
	ip -n "$NSC0" addr add 198.51.100.1/24 dev sw0v0
	vf_to_ns "$NSA" sw0v1 "$NSC1" 192.0.2.2/24
}

nl()
{
	ip netns exec "$NSA" "$NLCTL" "$@"
}

# ping_ok NS DEST: two pings get through.
ping_ok()
{
	ip netns exec "$1" ping -c 2 -i 0.3 -W 2 "$2" >/dev/null 2>&1
}

# vf_stat VF FIELD: a counter of nlctl -s vf show, as a jq path.
vf_stat()
{
	nl -j -s vf show switch sw0 vf "$1" | jq ".[0].stats.$2"
}

# send_forged NS DEV SRCMAC COUNT: raw frames from a source MAC of choice,
# of an experimental ethertype, to the broadcast address.
send_forged()
{
	ip netns exec "$1" python3 -c '
import socket, sys
dev, src, count = sys.argv[1], bytes.fromhex(sys.argv[2].replace(":", "")), int(sys.argv[3])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((dev, 0))
for _ in range(count):
    s.send(b"\xff" * 6 + src + b"\x88\xb5" + b"vxfp-forged" * 5)
' "$2" "$3" "$4"
}

test_vfs_listed()
{
	local out

	RET=0
	out=$(ip -n "$NSA" link show sw0)
	grep -q "vf 0 .*spoof checking on" <<<"$out" && grep -q "vf 1 " <<<"$out"
	check_err $? "ip link show PF does not list the VFs: $out"
	[ "$(nl -j vf show | jq length)" -eq 2 ]
	check_err $? "nlctl vf show does not list 2 VFs"
	[ "$(ip -n "$NSC0" -j link show sw0v0 | jq '.[0].mtu')" -eq 1450 ]
	check_err $? "VF MTU does not leave room for VXLAN"
	log_test "VFs listed by the PF, MTU 1450 over a 1500 uplink"
}

test_switching()
{
	RET=0
	ping_ok "$NSC0" 192.0.2.2
	check_err $? "VF to VF"
	ping_ok "$NSC0" 192.0.2.100
	check_err $? "VF to the wire"
	ping_ok "$NSA" 192.0.2.1
	check_err $? "PF to VF"
	ping_ok "$NSB" 192.0.2.2
	check_err $? "wire to VF"
	[ "$(vf_stat 0 tx.packets)" -gt 0 ] && [ "$(vf_stat 1 rx.packets)" -gt 0 ]
	check_err $? "VF port counters did not move"
	ip -n "$NSA" -s link show sw0 | grep -A4 "vf 0" | grep -q "TX: bytes"
	check_err $? "ip -s link show PF has no VF counters"
	log_test "legacy switching: VF, PF and wire"
}

test_vlan()
{
	local out

	RET=0
	ip -n "$NSA" link set sw0 vf 0 vlan 10 qos 3
	check_err $? "ip link set vf vlan failed"
	[ "$(nl -j vf show switch sw0 vf 0 | jq '.[0].vlan')" -eq 10 ]
	check_err $? "nlctl does not show vlan 10"
	capture "$NSB" eth0 1 "vlan 10 and icmp"
	ping_ok "$NSC0" 198.51.100.100
	check_err $? "VF on VLAN 10 cannot reach the wire's VLAN 10"
	out=$(end_capture)
	grep -q "vlan 10, p 3" <<<"$out"
	check_err $? "no 802.1Q tag with id 10, priority 3 on the wire: $out"
	ping_ok "$NSC0" 192.0.2.2
	check_fail $? "VF on VLAN 10 reaches an untagged VF"
	ping_ok "$NSC0" 192.0.2.100
	check_fail $? "VF on VLAN 10 reaches the untagged wire"

	# A VF on a port VLAN may not tag its own frames.
	ip -n "$NSC0" link add link sw0v0 name sw0v0.20 type vlan id 20
	ip -n "$NSC0" addr add 203.0.113.1/24 dev sw0v0.20
	ip -n "$NSC0" link set sw0v0.20 up
	local before
	before=$(vf_stat 0 drops.vlan)
	ip netns exec "$NSC0" ping -c 2 -i 0.3 -W 1 203.0.113.2 >/dev/null 2>&1
	[ "$(vf_stat 0 drops.vlan)" -gt "$before" ]
	check_err $? "tagged frames of a VF on a port VLAN not dropped"
	ip -n "$NSC0" link del sw0v0.20

	ip -n "$NSA" link set sw0 vf 0 vlan 0
	ping_ok "$NSC0" 192.0.2.2
	check_err $? "VLAN removed, VF to VF broken"
	log_test "port VLAN: tagged on the wire, isolated, removable"
}

test_spoofchk()
{
	local before out

	RET=0
	before=$(vf_stat 0 drops.spoof)
	capture "$NSB" eth0 5 "ether proto 0x88b5"
	send_forged "$NSC0" sw0v0 02:de:ad:be:ef:01 5
	out=$(end_capture)
	[ -z "$out" ]
	check_err $? "forged frames reached the wire with spoofchk on: $out"
	[ "$(vf_stat 0 drops.spoof)" -ge $((before + 5)) ]
	check_err $? "spoofed frames not counted"

	ip -n "$NSA" link set sw0 vf 0 spoofchk off
	capture "$NSB" eth0 5 "ether proto 0x88b5"
	send_forged "$NSC0" sw0v0 02:de:ad:be:ef:01 5
	out=$(end_capture)
	[ "$(grep -c "02:de:ad:be:ef:01" <<<"$out")" -eq 5 ]
	check_err $? "frames with spoofchk off did not reach the wire: $out"
	ip -n "$NSA" link set sw0 vf 0 spoofchk on
	log_test "spoof check: forged frames dropped and counted"
}

test_mac_trust()
{
	RET=0
	ip -n "$NSA" link set sw0 vf 1 mac 02:00:00:00:01:01
	check_err $? "ip link set vf mac failed"
	[ "$(ip netns exec "$NSC1" cat /sys/class/net/sw0v1/address)" = \
	  02:00:00:00:01:01 ]
	check_err $? "the VF did not take the MAC the PF gave"
	# Its peer learns the new MAC as any host would, by ARP again.
	ip -n "$NSC0" neigh flush dev sw0v0
	ping_ok "$NSC0" 192.0.2.2
	check_err $? "VF unreachable on its new MAC"
	ip -n "$NSC1" link set sw0v1 address 02:00:00:00:01:02 2>/dev/null
	check_fail $? "an untrusted VF changed the MAC the PF gave"
	ip -n "$NSA" link set sw0 vf 1 trust on
	ip -n "$NSC1" link set sw0v1 address 02:00:00:00:01:02
	check_err $? "a trusted VF could not change its MAC"
	ip -n "$NSA" link set sw0 vf 1 trust off
	ip -n "$NSA" link set sw0 vf 1 mac 00:00:00:00:00:00
	log_test "VF MAC from the PF, changed only by a trusted VF"
}

test_link_state()
{
	RET=0
	ip -n "$NSA" link set sw0 vf 0 state disable
	ip -n "$NSC0" link show sw0v0 | grep -q "NO-CARRIER"
	check_err $? "disabled VF has carrier"
	ping_ok "$NSC0" 192.0.2.2
	check_fail $? "disabled VF still passes traffic"
	ip -n "$NSA" link set sw0 vf 0 state auto

	# Auto follows the uplink's carrier; enable does not.
	ip -n "$NSB" link set eth0 down
	busywait 3000 sh -c "ip -n $NSC0 link show sw0v0 | grep -q NO-CARRIER"
	check_err $? "auto VF kept carrier with the uplink down"
	ip -n "$NSA" link set sw0 vf 0 state enable
	ip -n "$NSA" link set sw0 vf 1 state enable
	ip -n "$NSC0" link show sw0v0 | grep -q "NO-CARRIER"
	check_fail $? "enabled VF has no carrier"
	ping_ok "$NSC0" 192.0.2.2
	check_err $? "enabled VFs cannot reach each other with the wire down"
	ip -n "$NSB" link set eth0 up
	ip -n "$NSA" link set sw0 vf 0 state auto
	ip -n "$NSA" link set sw0 vf 1 state auto
	busywait 3000 ping_ok "$NSC0" 192.0.2.100
	check_err $? "VF lost the wire after its state went back to auto"
	log_test "VF link state: disable, auto with the uplink, enable"
}

test_rate()
{
	# Well below what even the debug kernel sends (it once sent less
	# than 10 Mbit/s, and nothing was over a limit of 10 to drop).
	local mbit=2 out kbps sent before

	RET=0
	ip -n "$NSA" link set sw0 vf 0 max_tx_rate "$mbit"
	check_err $? "ip link set vf max_tx_rate failed"
	before=$(vf_stat 0 drops.rate)
	iperf3_server "$NSC1"
	check_err $? "no iperf3 server in C1"
	out=$(ip netns exec "$NSC0" timeout 20 iperf3 -c 192.0.2.2 -u \
	      -b 60M -t 3 -J 2>/dev/null)
	sent=$(jq '.end.sum_sent.bits_per_second / 1000 | floor' <<<"$out")
	kbps=$(jq '.end.sum_received.bits_per_second / 1000 | floor' \
	       <<<"$out")
	log_info "VF limited to $((mbit * 1000)) kbit/s received ${kbps:-?} kbit/s of ${sent:-?} sent"
	# The limit, plus the bucket's burst (a GSO packet) over 3 s; sent
	# at least twice the limit, or there was nothing to drop.
	[ -n "$kbps" ] && [ -n "$sent" ] && [ "$kbps" -le $((mbit * 1250)) ] &&
		[ "$sent" -gt $((mbit * 2000)) ]
	check_err $? "rate limit not enforced: ${kbps:-?} kbit/s received of ${sent:-?} sent"
	[ "$(vf_stat 0 drops.rate)" -gt "$before" ]
	check_err $? "drops over the rate not counted"
	ip -n "$NSA" link set sw0 vf 0 max_tx_rate 0
	log_test "VF max_tx_rate enforced"
}

test_uplink_mtu()
{
	RET=0
	ip -n "$NSA" link set eth0 mtu 1400
	[ "$(ip -n "$NSA" -j link show sw0 | jq '.[0].mtu')" -eq 1400 ]
	check_err $? "PF MTU did not follow the uplink"
	[ "$(ip -n "$NSC0" -j link show sw0v0 | jq '.[0].mtu')" -le 1350 ]
	check_err $? "VF MTU left above the uplink's less VXLAN"
	ip -n "$NSA" link set eth0 mtu 1500
	log_test "MTU follows the uplink"
}

test_vf_netns_deleted()
{
	local pid

	RET=0
	ip netns exec "$NSC1" ping -f -W 1 192.0.2.1 >/dev/null 2>&1 &
	pid=$!
	sleep 1
	ns_destroy "$NSC1"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	# As with SR-IOV, the VF comes back to the initial namespace.
	busywait 3000 ip link show sw0v1 >/dev/null 2>&1
	check_err $? "VF lost with its namespace"
	ip link set sw0v1 netns "$NSA"
	check_err $? "VF cannot be moved again"
	ping_ok "$NSC0" 192.0.2.100
	check_err $? "switch broken after a VF's namespace went"
	log_test "VF's namespace deleted under traffic: VF returns"
}

test_switch_del()
{
	RET=0
	nl switch del name sw0
	check_err $? "switch del failed"
	ip -n "$NSC0" link show sw0v0 >/dev/null 2>&1
	check_fail $? "VF left in its container"
	! ip -n "$NSA" -o link show | grep -q sw0
	check_err $? "switch netdevs left"
	log_test "switch del takes the VFs from their namespaces"
}

test_cleanup()
{
	ns_cleanup
	vxfp_unload
}

setup || { echo "setup failed"; exit "$ksft_fail"; }
test_vfs_listed
test_switching
test_vlan
test_spoofchk
test_mac_trust
test_link_state
test_rate
test_uplink_mtu
test_vf_netns_deleted
test_switch_del
check_no_leftovers

exit "$EXIT_STATUS"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every action of the fast path, checked where the packets arrive: on the
# wire (tcpdump on the peer's end of the uplink) or in the receiving VF's
# namespace, with replies coming back as the proof that the receiver's
# stack took what the action made: output uplink, drop, VLAN push, pop and
# modify, MAC rewrite, dec_ttl and set ttl (a TTL about to expire goes to
# the slow path), set dscp, a NAT-like pedit of IPv4 addresses both ways
# under TCP and UDP with full checksums, mirror, goto chain and trap.
#
#   ns C0                   ns C1        ns C2        ns A                     ns B
#   +------------------+    +--------+   +--------+   +--------------------+   +---------------------+
#   | sw0v0 192.0.2.1  |    | sw0v1  |   | sw0v2  |   | sw0 (PF)           |   | eth0 192.0.2.100    |
#   |   198.51.100.1   |    | .2     |   | .3     |   | sw0_0..2 (reps)    |   | eth0.10 (VLAN 10)   |
#   | sw0v0.20 (VLAN)  |    +---|----+   +---|----+   | eth0 (uplink) -----+---+   198.51.100.100    |
#   |   203.0.113.1    |        |            |        +--------------------+   | eth0.30 (VLAN 30)   |
#   +--------|---------+        |            |                                 |   203.0.113.100     |
#            +------------------+-- switch sw0 (switchdev) --+                 +---------------------+
#
# Neighbours are static: what the flows do to a frame, not ARP, decides
# whether it arrives.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_cmd tcpdump iperf3 jq ethtool
require_mod 8021q

nl()
{
	ip netns exec "$NSA" "$NLCTL" "$@"
}

flow()
{
	nl flow add switch sw0 "$@"
}

# C0 <-> the wire, C0 <-> C1: everything, at prio 10, under the flows
# of each test.
wire_flows()
{
	flow cookie 0x1 prio 10 in_port vf0 action output uplink &&
		flow cookie 0x2 prio 10 in_port uplink action output vf0
}

vf_flows()
{
	flow cookie 0x1 prio 10 in_port vf0 action output vf1 &&
		flow cookie 0x2 prio 10 in_port vf1 action output vf0
}

flush()
{
	nl flow flush switch sw0
}

setup()
{
	vxfp_load || return 1
	ns_create NSA NSB NSC0 NSC1 NSC2 || return 1
	wire_create "$NSA" "$NSB" 192.0.2.100/24 || return 1
	ip -n "$NSB" link add link eth0 name eth0.10 type vlan id 10 &&
		ip -n "$NSB" addr add 198.51.100.100/24 dev eth0.10 &&
		ip -n "$NSB" link set eth0.10 up &&
		ip -n "$NSB" link add link eth0 name eth0.30 type vlan id 30 &&
		ip -n "$NSB" addr add 203.0.113.100/24 dev eth0.30 &&
		ip -n "$NSB" link set eth0.30 up || return 1

	nl switch add name sw0 uplink eth0 vfs 3 mode switchdev || return 1
	ip -n "$NSA" link set sw0 up
	vf_to_ns "$NSA" sw0v0 "$NSC0" 192.0.2.1/24 &&
		vf_to_ns "$NSA" sw0v1 "$NSC1" 192.0.2.2/24 &&
		vf_to_ns "$NSA" sw0v2 "$NSC2" 192.0.2.3/24 || return 1
	ip -n "$NSC0" addr add 198.51.100.1/24 dev sw0v0 &&
		ip -n "$NSC0" link add link sw0v0 name sw0v0.20 type vlan id 20 &&
		ip -n "$NSC0" addr add 203.0.113.1/24 dev sw0v0.20 &&
		ip -n "$NSC0" link set sw0v0.20 up || return 1
	for i in 0 1 2; do
		ip -n "$NSA" link set "sw0_$i" up || return 1
	done

	MAC0=$(mac "$NSC0" sw0v0)
	MAC1=$(mac "$NSC1" sw0v1)
	BMAC=$(mac "$NSB" eth0)
	ip -n "$NSC0" neigh replace 192.0.2.100 lladdr "$BMAC" dev sw0v0 nud permanent &&
		ip -n "$NSC0" neigh replace 198.51.100.100 lladdr "$BMAC" dev sw0v0 nud permanent &&
		ip -n "$NSC0" neigh replace 203.0.113.100 lladdr "$BMAC" dev sw0v0.20 nud permanent &&
		ip -n "$NSC0" neigh replace 192.0.2.2 lladdr "$MAC1" dev sw0v0 nud permanent &&
		ip -n "$NSC1" neigh replace 192.0.2.1 lladdr "$MAC0" dev sw0v1 nud permanent &&
		ip -n "$NSB" neigh replace 192.0.2.1 lladdr "$MAC0" dev eth0 nud permanent &&
		ip -n "$NSB" neigh replace 198.51.100.1 lladdr "$MAC0" dev eth0.10 nud permanent &&
		ip -n "$NSB" neigh replace 203.0.113.1 lladdr "$MAC0" dev eth0.30 nud permanent
}

test_output_uplink()
{
	local out p0

	RET=0
	wire_flows
	check_err $? "cannot add the flows C0 <-> uplink"
	p0=$(pkts "$NSA" sw0 rx)
	capture "$NSB" eth0 3 "icmp and src host 192.0.2.1"
	ping_n "$NSC0" 192.0.2.100 3
	check_err $? "C0 -> B does not ping through the flows"
	out=$(end_capture)
	[ "$(count_lines "$out" "^[0-9:.]+ $MAC0 > $BMAC, ethertype IPv4 .* 192\.0\.2\.1 > 192\.0\.2\.100: ICMP echo request")" -ge 3 ]
	check_err $? "C0's frames not on the wire as sent: $out"
	[ "$(flow_pkts "$NSA" sw0 0x1)" -ge 3 ] && [ "$(flow_pkts "$NSA" sw0 0x2)" -ge 3 ]
	check_err $? "the flows did not count the pings and replies"
	[ "$(pkts "$NSA" sw0 rx)" -eq "$p0" ]
	check_err $? "the PF took frames the uplink flow had: $p0 -> $(pkts "$NSA" sw0 rx)"
	log_test "output uplink: C0's frames on the wire, the wire's to C0"
	flush
}

test_drop()
{
	local out d0

	RET=0
	wire_flows
	flow cookie 0x10 prio 1 in_port vf0 eth_type ipv4 ip_proto icmp action drop
	check_err $? "cannot add the drop flow"
	d0=$(fp_stat "$NSA" sw0 drops.action)
	capture "$NSB" eth0 1 "icmp"
	ping_n "$NSC0" 192.0.2.100 3
	check_fail $? "pings went through a drop flow"
	out=$(end_capture)
	[ -z "$out" ]
	check_err $? "dropped packets reached the wire: $out"
	[ "$(fp_stat "$NSA" sw0 drops.action)" -ge $((d0 + 3)) ]
	check_err $? "drops action did not rise by 3: $d0 -> $(fp_stat "$NSA" sw0 drops.action)"
	[ "$(flow_pkts "$NSA" sw0 0x10)" -ge 3 ]
	check_err $? "the drop flow did not count the pings"
	nl flow del switch sw0 cookie 0x10
	ping_n "$NSC0" 192.0.2.100 2
	check_err $? "pings do not pass once the drop flow is gone"
	log_test "drop: nothing on the wire, counted as drops action"
	flush
}

test_vlan_push_pop()
{
	local out

	RET=0
	wire_flows
	flow cookie 0x20 prio 1 in_port vf0 dst_ip 198.51.100.0/24 \
		action vlan push id 10 prio 3 output uplink &&
		flow cookie 0x21 prio 1 in_port uplink vlan_id 10 \
		action vlan pop output vf0
	check_err $? "cannot add the VLAN push and pop flows"
	capture "$NSB" eth0 2 "vlan 10 and icmp"
	# The replies come back only if the tag was popped: C0 has no VLAN 10.
	ping_n "$NSC0" 198.51.100.100 2
	check_err $? "C0 -> B's VLAN 10 does not ping"
	out=$(end_capture)
	[ "$(count_lines "$out" "vlan 10, p 3, ethertype IPv4.* 198\.51\.100\.1 > 198\.51\.100\.100: ICMP echo request")" -ge 1 ]
	check_err $? "no 802.1Q tag id 10 prio 3 on the wire: $out"
	capture "$NSC0" sw0v0 2 "icmp and src host 198.51.100.100"
	ping_n "$NSC0" 198.51.100.100 2
	check_err $? "C0 -> B's VLAN 10 does not ping a second time"
	out=$(end_capture)
	# The pings were answered (above); on a loaded machine tcpdump may
	# miss the first reply, never see a tagged one.
	[ "$(count_lines "$out" "ethertype IPv4 .*198\.51\.100\.100 > 198\.51\.100\.1: ICMP echo reply")" -ge 1 ] &&
		! grep -q "802.1Q" <<<"$out"
	check_err $? "replies reached C0 tagged, or not at all: $out"
	[ "$(flow_pkts "$NSA" sw0 0x20)" -ge 4 ] && [ "$(flow_pkts "$NSA" sw0 0x21)" -ge 4 ]
	check_err $? "the VLAN flows did not count the pings"
	log_test "vlan push (id 10 prio 3 on the wire) and vlan pop"
	flush
}

test_vlan_modify()
{
	local out

	RET=0
	wire_flows
	flow cookie 0x30 prio 1 in_port vf0 vlan_id 20 \
		action vlan modify id 30 prio 5 output uplink &&
		flow cookie 0x31 prio 1 in_port uplink vlan_id 30 \
		action vlan modify id 20 output vf0
	check_err $? "cannot add the VLAN modify flows"
	capture "$NSB" eth0 2 "vlan and icmp"
	ping_n "$NSC0" 203.0.113.100 2
	check_err $? "C0's VLAN 20 -> B's VLAN 30 does not ping"
	out=$(end_capture)
	[ "$(count_lines "$out" "vlan 30, p 5, ethertype IPv4.* 203\.0\.113\.1 > 203\.0\.113\.100: ICMP echo request")" -ge 1 ] &&
		! grep -q "vlan 20" <<<"$out"
	check_err $? "the tag on the wire is not id 30 prio 5: $out"
	[ "$(flow_pkts "$NSA" sw0 0x30)" -ge 2 ] && [ "$(flow_pkts "$NSA" sw0 0x31)" -ge 2 ]
	check_err $? "the VLAN modify flows did not count the pings"
	log_test "vlan modify: id 20 -> 30 prio 5 on the wire, and back"
	flush
}

test_set_mac()
{
	local out

	RET=0
	wire_flows
	# C0 sends to a MAC nobody has; only the rewrite makes B take it.
	ip -n "$NSC0" neigh replace 192.0.2.100 lladdr 02:00:00:00:bb:bb dev sw0v0 nud permanent
	ping_n "$NSC0" 192.0.2.100 2
	check_fail $? "B answered frames to another MAC"
	flow cookie 0x40 prio 1 in_port vf0 dst_ip 192.0.2.100 \
		action set src_mac 02:00:00:00:aa:01 set dst_mac "$BMAC" output uplink
	check_err $? "cannot add the MAC rewrite flow"
	capture "$NSB" eth0 2 "icmp and src host 192.0.2.1"
	ping_n "$NSC0" 192.0.2.100 2
	check_err $? "B does not answer the rewritten frames"
	out=$(end_capture)
	[ "$(count_lines "$out" "^[0-9:.]+ 02:00:00:00:aa:01 > $BMAC, .*ICMP echo request")" -ge 2 ]
	check_err $? "the MACs on the wire are not the flow's: $out"
	ip -n "$NSC0" neigh replace 192.0.2.100 lladdr "$BMAC" dev sw0v0 nud permanent
	log_test "set src_mac and dst_mac"
	flush
}

test_ttl()
{
	local out s0 r0

	RET=0
	wire_flows
	flow cookie 0x50 prio 1 in_port vf0 dst_ip 192.0.2.100 ip_proto icmp \
		action dec_ttl output uplink
	check_err $? "cannot add the dec_ttl flow"
	capture "$NSB" eth0 2 "icmp and src host 192.0.2.1" -v
	# B's stack checks the IPv4 header checksum: replies mean it is right.
	ping_n "$NSC0" 192.0.2.100 2 -t 64
	check_err $? "B does not answer after dec_ttl"
	out=$(end_capture)
	[ "$(count_lines "$out" "ttl 63,")" -ge 2 ] && ! grep -q "bad cksum" <<<"$out"
	check_err $? "not TTL 63 with a good checksum on the wire: $out"

	nl flow replace switch sw0 cookie 0x50 prio 1 in_port vf0 dst_ip 192.0.2.100 \
		ip_proto icmp action set ttl 17 output uplink
	check_err $? "cannot replace the flow with set ttl 17"
	capture "$NSB" eth0 2 "icmp and src host 192.0.2.1" -v
	ping_n "$NSC0" 192.0.2.100 2
	check_err $? "B does not answer after set ttl"
	out=$(end_capture)
	[ "$(count_lines "$out" "ttl 17,")" -ge 2 ] && ! grep -q "bad cksum" <<<"$out"
	check_err $? "not TTL 17 with a good checksum on the wire: $out"
	log_test "dec_ttl and set ttl: on the wire, header checksum valid"

	# A TTL that would reach 0 is the slow path's: its stack answers.
	RET=0
	nl flow replace switch sw0 cookie 0x50 prio 1 in_port vf0 dst_ip 192.0.2.100 \
		ip_proto icmp action dec_ttl output uplink
	s0=$(fp_stat "$NSA" sw0 slow_path)
	r0=$(pkts "$NSA" sw0_0 rx)
	capture "$NSB" eth0 1 "icmp"
	ping_n "$NSC0" 192.0.2.100 2 -t 1
	check_fail $? "pings with TTL 1 answered through dec_ttl"
	out=$(end_capture)
	[ -z "$out" ]
	check_err $? "packets with TTL 1 reached the wire: $out"
	[ "$(fp_stat "$NSA" sw0 slow_path)" -ge $((s0 + 2)) ]
	check_err $? "slow_path did not rise by 2"
	[ "$(pkts "$NSA" sw0_0 rx)" -ge $((r0 + 2)) ]
	check_err $? "TTL 1 packets did not come up the representor"
	log_test "dec_ttl of TTL 1: slow path"
	flush
}

test_dscp()
{
	local out

	RET=0
	wire_flows
	flow cookie 0x60 prio 1 in_port vf0 dst_ip 192.0.2.100 ip_proto icmp \
		action set dscp 46 output uplink
	check_err $? "cannot add the set dscp flow"
	capture "$NSB" eth0 2 "icmp and src host 192.0.2.1" -v
	# ECT(1) stays: TOS 46 << 2 | 1.
	ping_n "$NSC0" 192.0.2.100 2 -Q 1
	check_err $? "B does not answer after set dscp"
	out=$(end_capture)
	[ "$(count_lines "$out" "tos 0xb9")" -ge 2 ] && ! grep -q "bad cksum" <<<"$out"
	check_err $? "not TOS 0xb9 (DSCP 46, ECT(1)) with a good checksum: $out"
	log_test "set dscp: DSCP 46 on the wire, ECN kept"
	flush
}

# A NAT both ways: C0 talks to 198.18.0.100, which the flows turn into B's
# 192.0.2.100 on the way out and back on the way in. Checksum offload is
# off on both ends so that every TCP and UDP checksum is a full one, which
# the receivers (and tcpdump) verify: only a correct fix-up passes.
test_pedit_nat()
{
	local out json mbps bytes

	RET=0
	ip netns exec "$NSC0" ethtool -K sw0v0 tx off >/dev/null &&
		ip netns exec "$NSB" ethtool -K eth0 tx off >/dev/null
	check_err $? "cannot turn checksum offload off"
	ip -n "$NSC0" route add 198.18.0.100/32 dev sw0v0
	ip -n "$NSC0" neigh replace 198.18.0.100 lladdr "$BMAC" dev sw0v0 nud permanent
	wire_flows
	flow cookie 0x70 prio 1 in_port vf0 dst_ip 198.18.0.100 \
		action pedit ip4 offset 16 mask 0xffffffff value 0xc0000264 output uplink &&
		flow cookie 0x71 prio 1 in_port uplink src_ip 192.0.2.100 \
		action pedit ip4 offset 12 mask 0xffffffff value 0xc6120064 output vf0
	check_err $? "cannot add the NAT flows"

	iperf3_server "$NSB"
	check_err $? "no iperf3 server in B"
	capture "$NSB" eth0 5 "tcp and src host 192.0.2.1 and dst host 192.0.2.100 and dst port 5201" -vv
	json=$(ip netns exec "$NSC0" timeout 30 iperf3 -c 198.18.0.100 -t 2 -J \
	       --connect-timeout 5000 2>/dev/null)
	mbps=$(jq '.end.sum_received.bits_per_second / 1000000 | floor' <<<"$json" 2>/dev/null)
	[ -n "$mbps" ] && [ "$mbps" -gt 0 ]
	check_err $? "no TCP from C0 to 198.18.0.100: $(jq -r '.error // empty' <<<"$json" 2>/dev/null)"
	out=$(end_capture)
	[ "$(count_lines "$out" "cksum 0x[0-9a-f]+ \(correct\)")" -ge 5 ] &&
		! grep -q "incorrect" <<<"$out"
	check_err $? "TCP checksums on the wire not all correct: $out"
	log_info "TCP C0 -> 198.18.0.100 (NAT to B): ${mbps:-?} Mbit/s"

	iperf3_server "$NSB"
	capture "$NSB" eth0 3 "udp and src host 192.0.2.1 and dst host 192.0.2.100" -vv
	json=$(ip netns exec "$NSC0" timeout 30 iperf3 -u -b 10M -c 198.18.0.100 -t 2 -J \
	       --connect-timeout 5000 2>/dev/null)
	bytes=$(jq '.end.sum_received.bytes' <<<"$json" 2>/dev/null)
	[ -n "$bytes" ] && [ "$bytes" != null ] && [ "$bytes" -gt 0 ]
	check_err $? "no UDP from C0 to 198.18.0.100: $(jq -r '.error // empty' <<<"$json" 2>/dev/null)"
	out=$(end_capture)
	[ "$(count_lines "$out" "\[udp sum ok\]")" -ge 3 ] && ! grep -q "bad udp cksum" <<<"$out"
	check_err $? "UDP checksums on the wire not all correct: $out"

	[ "$(flow_pkts "$NSA" sw0 0x70)" -ge 100 ] && [ "$(flow_pkts "$NSA" sw0 0x71)" -ge 100 ]
	check_err $? "the NAT flows did not take the traffic"
	ip -n "$NSC0" route del 198.18.0.100/32 dev sw0v0
	ip netns exec "$NSC0" ethtool -K sw0v0 tx on >/dev/null
	ip netns exec "$NSB" ethtool -K eth0 tx on >/dev/null
	log_test "pedit ip4 addresses both ways: TCP and UDP checksums fixed up"
	flush
}

test_mirror()
{
	local out

	RET=0
	flow cookie 0x80 in_port vf0 action mirror vf2 output vf1 &&
		flow cookie 0x81 in_port vf1 action output vf0
	check_err $? "cannot add the mirror flows"
	[ "$(nl -j flow get switch sw0 cookie 0x80 | jq -c '[.[0].actions[].type]')" = '["mirror","output"]' ]
	check_err $? "flow get does not show mirror, output"
	capture "$NSC2" sw0v2 3 "icmp and src host 192.0.2.1"
	ping_n "$NSC0" 192.0.2.2 3
	check_err $? "C0 -> C1 does not ping with a mirror to C2"
	out=$(end_capture)
	[ "$(count_lines "$out" "192\.0\.2\.1 > 192\.0\.2\.2: ICMP echo request")" -ge 3 ]
	check_err $? "no copy reached C2: $out"

	nl flow replace switch sw0 cookie 0x80 in_port vf0 action mirror uplink output vf1
	check_err $? "cannot replace the flow with a mirror to the uplink"
	capture "$NSB" eth0 3 "icmp and src host 192.0.2.1"
	ping_n "$NSC0" 192.0.2.2 3
	check_err $? "C0 -> C1 does not ping with a mirror to the wire"
	out=$(end_capture)
	[ "$(count_lines "$out" "192\.0\.2\.1 > 192\.0\.2\.2: ICMP echo request")" -ge 3 ]
	check_err $? "no copy reached the wire: $out"
	log_test "mirror to a VF and to the wire; the original still arrives"
	flush
}

test_goto_chain()
{
	local out s0

	RET=0
	flow cookie 0x90 in_port vf0 action goto chain 1 &&
		flow cookie 0x91 chain 1 in_port vf0 action output vf1 &&
		flow cookie 0x92 in_port vf1 action output vf0
	check_err $? "cannot add the chain flows"
	ping_n "$NSC0" 192.0.2.2 3
	check_err $? "C0 -> C1 does not ping through chain 0 -> chain 1"
	[ "$(flow_pkts "$NSA" sw0 0x90)" -ge 3 ] && [ "$(flow_pkts "$NSA" sw0 0x91)" -ge 3 ]
	check_err $? "the chain flows did not both count the pings"
	[ "$(nl -j flow get switch sw0 cookie 0x91 | jq '.[0].chain')" -eq 1 ]
	check_err $? "flow get does not show chain 1"

	# A miss in chain 1 is the slow path's.
	nl flow del switch sw0 cookie 0x91
	s0=$(fp_stat "$NSA" sw0 slow_path)
	capture "$NSA" sw0_0 3 "icmp and src host 192.0.2.1"
	ping_n "$NSC0" 192.0.2.2 3
	check_fail $? "C0 reached C1 with no flow in chain 1"
	out=$(end_capture)
	[ "$(count_lines "$out" "192\.0\.2\.1 > 192\.0\.2\.2: ICMP echo request")" -ge 3 ]
	check_err $? "a miss in chain 1 did not come up the representor: $out"
	[ "$(fp_stat "$NSA" sw0 slow_path)" -ge $((s0 + 3)) ]
	check_err $? "slow_path did not rise by 3"
	log_test "goto chain 1: its flow forwards; a miss there is the slow path"
	flush
}

test_trap()
{
	local out s0

	RET=0
	vf_flows
	flow cookie 0xa0 prio 1 in_port vf0 eth_type ipv4 ip_proto icmp action trap
	check_err $? "cannot add the trap flow"
	s0=$(fp_stat "$NSA" sw0 slow_path)
	capture "$NSA" sw0_0 3 "icmp and src host 192.0.2.1"
	ping_n "$NSC0" 192.0.2.2 3
	check_fail $? "trapped pings reached C1"
	out=$(end_capture)
	[ "$(count_lines "$out" "192\.0\.2\.1 > 192\.0\.2\.2: ICMP echo request")" -ge 3 ]
	check_err $? "trapped pings did not come up the representor: $out"
	[ "$(fp_stat "$NSA" sw0 slow_path)" -ge $((s0 + 3)) ]
	check_err $? "slow_path did not rise by 3"
	[ "$(flow_pkts "$NSA" sw0 0xa0)" -ge 3 ]
	check_err $? "the trap flow did not count the pings"
	log_test "trap: to the representor, counted as slow_path"
	flush
}

test_cleanup()
{
	[[ -n ${NSA:-} ]] && nl switch del name sw0 >/dev/null 2>&1
	ns_cleanup
	vxfp_unload
}

setup || { echo "FAIL: setup failed"; exit "$ksft_fail"; }
test_output_uplink
test_drop
test_vlan_push_pop
test_vlan_modify
test_set_mac
test_ttl
test_dscp
test_pedit_nat
test_mirror
test_goto_chain
test_trap
check_no_leftovers

exit "$EXIT_STATUS"

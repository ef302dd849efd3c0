#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tc flower offload by hand: rules on the representors, the PF and a VXLAN
# device (indirect block) become flows of the fast path; traffic then goes
# VF to VF, and in and out of a VXLAN tunnel to a peer using the stock vxlan
# driver, without coming up the representors; the counters go back to tc;
# every refusal says why.
#
#   ns C0          ns C1            ns A                              ns B
#   +---------+    +-----------+    +-----------------------------+   +-------------+
#   | sw0v0   |    | sw0v1     |    | sw0_0 sw0_1 sw0_2 sw0_3     |   | vx0 (id 42) |
#   | .2.1    |    | .2.2      |    | vxlan0 (external, 4789)     |   | 192.0.2.100 |
#   | .3.1    |    | sw0v1.10  |    | sw0 (PF) 10.0.0.1/24        |   |             |
#   +----|----+    |  .3.2     |    |  eth0 (uplink) -------------+---+ eth0        |
#        |         +----|------+    | sw1 (legacy) over eth1 -----+---+ eth1        |
#        +-- switch sw0 (switchdev, 4 VFs) --+                          10.0.0.2/24
#                                                   (overlay: 192.0.2.0/24, 192.0.3.0/24)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_cmd tc jq tcpdump ethtool python3

nl()
{
	ip netns exec "$NSA" "$NLCTL" "$@"
}

tca()
{
	ip netns exec "$NSA" tc "$@"
}

# ping_ok NS DEST [COUNT]: every ping gets through.
ping_ok()
{
	ip netns exec "$1" ping -c "${3:-2}" -i 0.2 -W 2 "$2" >/dev/null 2>&1
}

mac_of()
{
	ip -n "$1" -j link show "$2" | jq -r '.[0].address'
}

# filter_json DEV PREF [-s]: the flower filter of that preference on DEV's
# ingress, as tc prints it in JSON (the entry with the options).
filter_json()
{
	local dev=$1 pref=$2

	tca ${3:+"$3"} -j filter show dev "$dev" ingress pref "$pref" |
		jq -c '[.[] | select(.options)][0]'
}

# in_hw DEV PREF: tc says the filter is in hardware.
in_hw()
{
	filter_json "$1" "$2" | jq -e '.options.in_hw == true' >/dev/null
}

# not_in_hw DEV PREF: tc says the filter is not.
not_in_hw()
{
	filter_json "$1" "$2" | jq -e '.options.not_in_hw == true' >/dev/null
}

# out_of_hw DEV PREF: tc no longer counts the filter in hardware, as after
# the callbacks that took it went (tc then says neither in_hw nor not).
# shellcheck disable=SC2317 # called through busywait
out_of_hw()
{
	! in_hw "$@"
}

# hw_pkts DEV PREF: the hardware packets tc reports for the filter, as
# its actions have them (not every kind keeps hardware counters: tc gives
# tunnel_key unset none).
hw_pkts()
{
	filter_json "$1" "$2" -s |
		jq '[.options.actions[].stats.hw_packets // 0] | max'
}

fp_stat()
{
	nl -j -s switch show name sw0 | jq "(.[0].fastpath.$1 // 0)"
}

flows_json()
{
	nl -j -s flow show switch sw0 2>/dev/null || echo '[]'
}

nflows()
{
	flows_json | jq 'length'
}

# tc_refused MSG TC-ARGS...: the tc command fails and says MSG.
tc_refused()
{
	local msg=$1 out

	shift
	if out=$(tca "$@" 2>&1); then
		check_err 1 "tc $* succeeded: $out"
		return
	fi
	grep -qF -- "$msg" <<<"$out"
	check_err $? "tc $* did not say \"$msg\": $out"
}

# tc_sw_only MSG TC-ARGS...: the rule is added, in software only, and tc
# passes on the offload's refusal MSG as a warning (flower's verbose
# flag, in TC-ARGS): what rules on VXLAN devices (indirect blocks) get
# instead of tc_refused, since tc takes no skip_sw rule on a device
# without ndo_setup_tc, whatever binds its block.
tc_sw_only()
{
	local msg=$1 out

	shift
	out=$(tca "$@" 2>&1)
	check_err $? "tc $* failed: $out"
	grep -qF -- "$msg" <<<"$out"
	check_err $? "tc $* did not warn \"$msg\": $out"
}

# rises DEV PREF1 PREF2 CMD...: run CMD, which sends packets; set RISE1
# and RISE2 to how much the hardware packets of DEV's rules PREF1 and
# PREF2 rose. Returns CMD's status.
rises()
{
	local dev=$1 p1=$2 p2=$3 n1 n2 rc

	shift 3
	n1=$(hw_pkts "$dev" "$p1")
	n2=$(hw_pkts "$dev" "$p2")
	"$@" >/dev/null 2>&1
	rc=$?
	RISE1=$(($(hw_pkts "$dev" "$p1") - n1))
	RISE2=$(($(hw_pkts "$dev" "$p2") - n2))
	return "$rc"
}

# last_used DEV PREF: the seconds since the filter's action last counted a
# packet, as tc -s shows them (none shown: 0).
last_used()
{
	filter_json "$1" "$2" -s |
		jq '.options.actions[0].last_used // 0'
}

# send_pkts NS KIND ARGS...: packets no tool of the VM makes:
#   arp DEV OP SIP TIP COUNT   ARP of opcode OP, broadcast, from DEV's MAC
#   tcp DST DPORT FLAGS COUNT  bare TCP headers with those flags
# shellcheck disable=SC2317 # called through rises
send_pkts()
{
	local ns=$1

	shift
	ip netns exec "$ns" python3 -c '
import socket, struct, sys
kind, args = sys.argv[1], sys.argv[2:]
if kind == "arp":
    dev, op, sip, tip, n = args
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((dev, 0))
    mac = s.getsockname()[4]
    pkt = (b"\xff" * 6 + mac + b"\x08\x06" +
           struct.pack("!HHBBH", 1, 0x0800, 6, 4, int(op)) + mac +
           socket.inet_aton(sip) + b"\x00" * 6 + socket.inet_aton(tip))
    for _ in range(int(n)):
        s.send(pkt)
else:
    dst, dport, flags, n = args
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    hdr = struct.pack("!HHIIBBHHH", 40000, int(dport), 1, 0, 5 << 4,
                      int(flags, 0), 8192, 0, 0)
    for _ in range(int(n)):
        s.sendto(hdr, (dst, 0))
' "$@"
}

# ----------------------------------------------------------------- setup

setup()
{
	local ns

	vxfp_load || return 1
	modprobe -q 8021q
	modprobe -q vxlan
	ns_create NSA NSB NSC0 NSC1 || return 1
	# No IPv6 chatter on the VFs: only what the tests send.
	for ns in "$NSC0" "$NSC1"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	done
	wire_create "$NSA" "$NSB" 10.0.0.2/24 || return 1
	ip -n "$NSA" link add eth1 type veth peer name eth1 netns "$NSB" &&
		ip -n "$NSA" link set eth1 up && ip -n "$NSB" link set eth1 up ||
		return 1

	nl switch add name sw0 uplink eth0 vfs 4 mode switchdev || return 1
	nl switch add name sw1 uplink eth1 vfs 1 mode legacy || return 1
	ip -n "$NSA" addr add 10.0.0.1/24 dev sw0
	ip -n "$NSA" link set sw0 up
	ip -n "$NSA" link set sw1 up
	for ns in 0 1 2 3; do
		ip -n "$NSA" link set "sw0_$ns" up
	done
	vf_to_ns "$NSA" sw0v0 "$NSC0" 192.0.2.1/24 || return 1
	vf_to_ns "$NSA" sw0v1 "$NSC1" 192.0.2.2/24 || return 1
	ip -n "$NSC0" addr add 192.0.3.1/24 dev sw0v0
	ip -n "$NSC1" link add link sw0v1 name sw0v1.10 type vlan id 10 &&
		ip -n "$NSC1" addr add 192.0.3.2/24 dev sw0v1.10 &&
		ip -n "$NSC1" link set sw0v1.10 up || return 1

	# The tunnel: an external (collect_md) device here, a plain one there.
	ip -n "$NSA" link add vxlan0 type vxlan external dstport 4789 &&
		ip -n "$NSA" link set vxlan0 up || return 1
	# Its outer TOS and TTL are the inner packet's: B's ping -Q and -t
	# set them (test_enc_ip).
	ip -n "$NSB" link add vx0 type vxlan id 42 remote 10.0.0.1 \
		local 10.0.0.2 dstport 4789 tos inherit ttl inherit &&
		ip -n "$NSB" addr add 192.0.2.100/24 dev vx0 &&
		ip -n "$NSB" link set vx0 up || return 1

	# No ARP through the switch where the rules do not carry it.
	VF0_MAC=$(mac_of "$NSC0" sw0v0)
	VF1_MAC=$(mac_of "$NSC1" sw0v1)
	VX0_MAC=$(mac_of "$NSB" vx0)
	ip -n "$NSC0" neigh add 192.0.3.2 lladdr "$VF1_MAC" dev sw0v0
	ip -n "$NSC1" neigh add 192.0.3.1 lladdr "$VF0_MAC" dev sw0v1.10
	ip -n "$NSC0" neigh add 192.0.2.100 lladdr "$VX0_MAC" dev sw0v0
	ip -n "$NSB" neigh add 192.0.2.1 lladdr "$VF0_MAC" dev vx0
	# The underlay's neighbour, resolved before any encapsulation.
	ip netns exec "$NSA" ping -c 1 -W 2 10.0.0.2 >/dev/null 2>&1

	for dev in sw0_0 sw0_1 sw0 vxlan0; do
		tca qdisc add dev "$dev" ingress || return 1
	done
}

# ----------------------------------------------------------------- tests

test_features()
{
	local dev

	RET=0
	for dev in sw0_0 sw0_3 sw0; do
		ip netns exec "$NSA" ethtool -k "$dev" |
			grep -q "^hw-tc-offload: on$"
		check_err $? "hw-tc-offload is not on by default on $dev"
	done
	log_test "hw-tc-offload on by default on the representors and the PF"
}

test_vf_to_vf()
{
	local rx0 rx1 hits n cookie out

	RET=0
	tca filter add dev sw0_0 ingress pref 10 protocol ip flower skip_sw \
		dst_ip 192.0.2.2 action mirred egress redirect dev sw0_1
	check_err $? "cannot add the IPv4 rule on sw0_0"
	tca filter add dev sw0_0 ingress pref 11 protocol arp flower skip_sw \
		action mirred egress redirect dev sw0_1
	check_err $? "cannot add the ARP rule on sw0_0"
	tca filter add dev sw0_1 ingress pref 10 protocol ip flower skip_sw \
		dst_ip 192.0.2.1 action mirred egress redirect dev sw0_0
	check_err $? "cannot add the IPv4 rule on sw0_1"
	tca filter add dev sw0_1 ingress pref 11 protocol arp flower skip_sw \
		action mirred egress redirect dev sw0_0
	check_err $? "cannot add the ARP rule on sw0_1"
	for d in sw0_0 sw0_1; do
		in_hw "$d" 10 && in_hw "$d" 11
		check_err $? "rules on $d not in_hw: $(filter_json "$d" 10)"
	done
	[ "$(nflows)" -eq 4 ]
	check_err $? "not 4 flows in the switch: $(flows_json)"
	flows_json | jq -e 'all(.[]; .cookie >= 8386546931093995520)' >/dev/null
	check_err $? "flows without tc cookies: $(flows_json)"
	# The flows of tc rules are tc's: nlctl neither removes nor fakes one.
	cookie=$(nl flow show switch sw0 | awk 'NR == 1 { print $4 }')
	out=$(nl flow del switch sw0 cookie "$cookie" 2>&1)
	check_fail $? "nlctl deleted the flow of a tc rule: $out"
	grep -q "delete the rule with tc" <<<"$out"
	check_err $? "nlctl flow del of a tc rule's flow did not say why not: $out"
	out=$(nl flow add switch sw0 cookie 0x7463000000001000 in_port vf2 \
	      action drop 2>&1)
	check_fail $? "nlctl added a flow with a tc cookie: $out"
	nl flow add switch sw0 cookie 0x99 in_port vf2 action drop &&
		nl flow flush switch sw0
	check_err $? "nlctl flow add or flush failed"
	[ "$(nflows)" -eq 4 ]
	check_err $? "nlctl flow flush took tc's flows or left its own: $(flows_json)"

	rx0=$(pkts "$NSA" sw0_0 rx)
	rx1=$(pkts "$NSA" sw0_1 rx)
	hits=$(fp_stat hits)
	ping_ok "$NSC0" 192.0.2.2 20
	check_err $? "C0 -> C1 does not ping through the offloaded rules"
	n=$(hw_pkts sw0_0 10)
	[ "$n" -ge 20 ]
	check_err $? "tc reports $n hardware packets for sw0_0's rule, not 20"
	n=$(hw_pkts sw0_1 10)
	[ "$n" -ge 20 ]
	check_err $? "tc reports $n hardware packets for sw0_1's rule, not 20"
	[ "$(fp_stat hits)" -ge $((hits + 40)) ]
	check_err $? "fast-path hits did not rise by 40: $hits -> $(fp_stat hits)"
	[ "$(pkts "$NSA" sw0_0 rx)" -eq "$rx0" ] &&
		[ "$(pkts "$NSA" sw0_1 rx)" -eq "$rx1" ]
	check_err $? "representors saw traffic: sw0_0 rx $rx0 -> $(pkts "$NSA" sw0_0 rx), sw0_1 rx $rx1 -> $(pkts "$NSA" sw0_1 rx)"
	sleep 1.2
	n=$(hw_pkts sw0_0 10)
	ping_ok "$NSC0" 192.0.2.2 3
	[ "$(hw_pkts sw0_0 10)" -ge $((n + 3)) ]
	check_err $? "tc's hardware counters did not keep rising: $n -> $(hw_pkts sw0_0 10)"
	flows_json | jq -e 'any(.[]; .stats.packets >= 23)' >/dev/null
	check_err $? "no flow counted the pings: $(flows_json)"
	log_test "skip_sw redirect rules: VF0 <-> VF1 offloaded, counters to tc"
}

# dport80_flows: the flows of test_twin_chain's rules.
dport80_flows()
{
	nl flow show switch sw0 | grep -c "dst_port 80 "
}

# Three rules of one preference whose flows are one: each displaces the
# one before; whichever goes, the flow stays with one of those left.
test_twin_chain()
{
	local h
	local -a flags=("" "ip_flags nofrag" "ip_flags nofrag/nofirstfrag")

	RET=0
	for h in 1 2 3; do
		# shellcheck disable=SC2086 # flags[h - 1] is a list of words
		tca filter add dev sw0_1 ingress pref 60 handle "$h" protocol ip \
			flower skip_sw ip_proto tcp dst_port 80 ${flags[h - 1]} \
			action drop
		check_err $? "cannot add rule $h"
	done
	[ "$(dport80_flows)" -eq 1 ]
	check_err $? "not one flow for the three rules: $(dport80_flows)"
	tca filter del dev sw0_1 ingress pref 60 handle 2 protocol ip flower
	[ "$(dport80_flows)" -eq 1 ]
	check_err $? "the middle rule took the flow with it"
	tca filter del dev sw0_1 ingress pref 60 handle 3 protocol ip flower
	[ "$(dport80_flows)" -eq 1 ] && in_hw sw0_1 60
	check_err $? "the first rule did not get its flow back: $(dport80_flows) flows"
	tca filter del dev sw0_1 ingress pref 60 handle 1 protocol ip flower
	[ "$(dport80_flows)" -eq 0 ]
	check_err $? "a flow stayed after the three rules went"
	log_test "rules of one flow: it stays with those left, whichever goes"
}

test_not_skip_sw()
{
	local rx

	RET=0
	tca filter add dev sw0_0 ingress pref 9 protocol ip flower \
		dst_ip 192.0.2.2 ip_proto icmp action mirred egress redirect \
		dev sw0_1
	check_err $? "cannot add a rule without skip_sw"
	in_hw sw0_0 9
	check_err $? "a rule without skip_sw is not in_hw: $(filter_json sw0_0 9)"
	rx=$(pkts "$NSA" sw0_0 rx)
	ping_ok "$NSC0" 192.0.2.2 5
	check_err $? "C0 -> C1 does not ping"
	[ "$(hw_pkts sw0_0 9)" -ge 5 ] && [ "$(pkts "$NSA" sw0_0 rx)" -eq "$rx" ]
	check_err $? "not taken by the fast path: hw $(hw_pkts sw0_0 9), sw0_0 rx $rx -> $(pkts "$NSA" sw0_0 rx)"
	# What cannot be offloaded stays in software, not in_hw.
	tca filter add dev sw0_0 ingress pref 8 protocol ip flower \
		dst_ip 192.0.2.99 action police rate 1mbit burst 10k
	check_err $? "cannot add a software-only rule"
	not_in_hw sw0_0 8
	check_err $? "a police rule claims to be in hardware: $(filter_json sw0_0 8)"
	tca filter del dev sw0_0 ingress pref 8
	tca filter del dev sw0_0 ingress pref 9
	log_test "rules without skip_sw: in_hw when offloaded, software otherwise"
}

test_drop_replace()
{
	local drops n

	RET=0
	drops=$(nl -j -s switch show name sw0 | jq '.[0].fastpath.drops.action')
	tca filter add dev sw0_0 ingress pref 5 handle 1 protocol ip flower \
		skip_sw dst_ip 192.0.2.2 ip_proto icmp action drop
	check_err $? "cannot add a drop rule"
	ping_ok "$NSC0" 192.0.2.2 3
	check_fail $? "C0 still pings C1 through a drop rule"
	n=$(nl -j -s switch show name sw0 | jq '.[0].fastpath.drops.action')
	[ "$n" -ge $((drops + 3)) ]
	check_err $? "fast-path action drops did not rise: $drops -> $n"
	[ "$(hw_pkts sw0_0 5)" -ge 3 ]
	check_err $? "the drop rule's counters did not rise: $(hw_pkts sw0_0 5)"
	# Same match, same priority, new action: the flow is replaced.
	tca filter replace dev sw0_0 ingress pref 5 handle 1 protocol ip \
		flower skip_sw dst_ip 192.0.2.2 ip_proto icmp action mirred \
		egress redirect dev sw0_1
	check_err $? "tc filter replace failed"
	in_hw sw0_0 5
	check_err $? "the replaced rule is not in_hw"
	ping_ok "$NSC0" 192.0.2.2 3
	check_err $? "C0 does not ping C1 after the drop was replaced by a redirect"
	[ "$(nflows)" -eq 5 ]
	check_err $? "not 5 flows after the replace: $(nflows)"
	tca filter del dev sw0_0 ingress pref 5
	check_err $? "cannot delete the rule"
	[ "$(nflows)" -eq 4 ]
	check_err $? "the flow stayed after its rule went: $(nflows) flows"
	log_test "drop, tc filter replace and delete"
}

test_vlan_pedit()
{
	local out rx

	RET=0
	tca filter add dev sw0_0 ingress pref 20 protocol ip flower skip_sw \
		dst_ip 192.0.3.2 action vlan push id 10 action mirred egress \
		redirect dev sw0_1
	check_err $? "cannot add a vlan push rule"
	tca filter add dev sw0_1 ingress pref 20 protocol 802.1Q flower \
		skip_sw vlan_id 10 vlan_ethtype ip action vlan pop action \
		pedit ex munge ip ttl add 0xff pipe action csum ip4h pipe \
		action mirred egress redirect dev sw0_0
	check_err $? "cannot add a vlan pop + TTL decrement rule"
	in_hw sw0_0 20 && in_hw sw0_1 20
	check_err $? "vlan rules not in_hw"
	rx=$(pkts "$NSA" sw0_1 rx)
	capture "$NSC1" sw0v1 2 "vlan 10 and icmp"
	ping_ok "$NSC0" 192.0.3.2 3
	out=$(end_capture)
	grep -q "vlan 10" <<<"$out"
	check_err $? "C1 did not get the echo requests tagged with VLAN 10: $out"
	out=$(ip netns exec "$NSC0" ping -c 2 -i 0.2 -W 2 192.0.3.2 2>&1)
	check_err $? "C0 -> C1 over VLAN 10 does not ping: $out"
	grep -q "ttl=63" <<<"$out"
	check_err $? "the replies' TTL was not decremented: $out"
	[ "$(pkts "$NSA" sw0_1 rx)" -eq "$rx" ]
	check_err $? "tagged traffic came up sw0_1"

	# Before test_redirect's rule for the same address (pref 10).
	tca filter add dev sw0_0 ingress pref 9 protocol ip flower skip_sw \
		dst_ip 192.0.2.2 ip_proto icmp action pedit ex munge ip ttl set \
		33 pipe action csum ip4h pipe action mirred egress redirect \
		dev sw0_1
	check_err $? "cannot add a pedit rule"
	capture "$NSC1" sw0v1 2 "icmp and dst host 192.0.2.2" -v
	ping_ok "$NSC0" 192.0.2.2 3
	out=$(end_capture)
	grep -q "ttl 33" <<<"$out"
	check_err $? "the echo requests' TTL was not rewritten to 33: $out"
	tca filter del dev sw0_0 ingress pref 9
	log_test "vlan push/pop, pedit ttl set and decrement"
}

test_vxlan()
{
	local out encap decap rx_rep up

	RET=0
	tca filter add dev sw0_0 ingress pref 30 protocol ip flower skip_sw \
		dst_ip 192.0.2.100 action tunnel_key set src_ip 10.0.0.1 \
		dst_ip 10.0.0.2 id 42 dst_port 4789 ttl 64 action mirred \
		egress redirect dev vxlan0
	check_err $? "cannot add the encap rule"
	# No skip_sw on a VXLAN device: see tc_sw_only.
	tca filter add dev vxlan0 ingress pref 30 protocol ip flower \
		enc_src_ip 10.0.0.2 enc_dst_ip 10.0.0.1 enc_key_id 42 \
		enc_dst_port 4789 dst_ip 192.0.2.1 action tunnel_key unset \
		action mirred egress redirect dev sw0_0
	check_err $? "cannot add the decap rule on vxlan0 (indirect block)"
	in_hw sw0_0 30 && in_hw vxlan0 30
	check_err $? "tunnel rules not in_hw: $(filter_json vxlan0 30)"
	# Such a rule would outlive switchdev mode, its flow gone.
	out=$(nl switch set name sw0 mode legacy 2>&1)
	check_fail $? "sw0 left switchdev mode under a VXLAN device's rule: $out"
	grep -q "delete them before leaving switchdev mode" <<<"$out" &&
		[ "$(nl -j switch show name sw0 | jq -r '.[0].mode')" = switchdev ]
	check_err $? "the refused mode change did not say why, or changed the mode: $out"

	encap=$(fp_stat encap)
	decap=$(fp_stat decap)
	rx_rep=$(pkts "$NSA" sw0_0 rx)
	capture "$NSB" eth0 4 "udp port 4789"
	ping_ok "$NSC0" 192.0.2.100 5
	out=$(end_capture)
	grep -q "VXLAN.*vni 42" <<<"$out"
	check_err $? "no VXLAN (VNI 42) on the wire: $out"
	# The slow path of the replies is the PF (then vxlan0's rule in
	# software): none may come up it. The PF's ARP may, and so may what
	# else vx0 sends (IPv6 router solicitations), hence no counter but a
	# capture of the tunnelled ICMP: inner IPv4 (UDP offset 28, after
	# VXLAN's 8 bytes and the inner MACs) carrying ICMP (offset 39).
	capture "$NSA" sw0 1000 \
		"udp dst port 4789 and udp[28:2] = 0x0800 and udp[39] = 1" -p
	ping_ok "$NSC0" 192.0.2.100 5
	check_err $? "C0 -> B over VXLAN does not ping"
	up=$(end_capture)
	[ "$(fp_stat encap)" -ge $((encap + 10)) ] &&
		[ "$(fp_stat decap)" -ge $((decap + 10)) ]
	check_err $? "encap/decap counters: $encap -> $(fp_stat encap), $decap -> $(fp_stat decap)"
	[ "$(hw_pkts vxlan0 30)" -ge 10 ]
	check_err $? "the decap rule's counters did not rise: $(hw_pkts vxlan0 30)"
	[ -z "$up" ] && [ "$(pkts "$NSA" sw0_0 rx)" -eq "$rx_rep" ]
	check_err $? "tunnel traffic took the slow path: sw0_0 rx $rx_rep -> $(pkts "$NSA" sw0_0 rx), up the PF: $up"
	flows_json | jq -e 'any(.[]; .match.enc_key_id == 42 and .match.enc_dst_port == 4789)' >/dev/null
	check_err $? "no decap flow with the tunnel's key: $(flows_json)"
	log_test "VXLAN encap (tunnel_key set) and decap (indirect block) offloaded"

	RET=0
	# A plain vxlan device: its VNI and port are implied.
	ip -n "$NSA" link add vx1 type vxlan id 43 dstport 4790 local 10.0.0.1 \
		remote 10.0.0.2 && ip -n "$NSA" link set vx1 up &&
		tca qdisc add dev vx1 ingress
	check_err $? "cannot make a plain vxlan device"
	tca filter add dev vx1 ingress pref 1 protocol ip flower \
		enc_dst_ip 10.0.0.1 dst_ip 192.0.2.1 action mirred egress \
		redirect dev sw0_0
	check_err $? "cannot add a decap rule on a plain vxlan device"
	in_hw vx1 1
	check_err $? "the rule on vx1 is not in_hw"
	flows_json | grep -q 4790
	check_err $? "no flow for UDP port 4790 (vx1's): $(flows_json)"
	tc_sw_only "enc_key_id is not the VXLAN device's VNI" filter add \
		dev vx1 ingress pref 2 protocol ip flower verbose \
		enc_dst_ip 10.0.0.1 enc_key_id 44 action drop
	not_in_hw vx1 2
	check_err $? "a rule of another VNI on vx1 is in hardware"
	tc_sw_only "need an exact enc_dst_ip" filter add dev vxlan0 ingress \
		pref 3 protocol ip flower verbose enc_key_id 42 action drop
	not_in_hw vxlan0 3
	check_err $? "a rule without enc_dst_ip is in hardware"
	tca filter del dev vxlan0 ingress pref 3
	tc_sw_only "no switch in this namespace holds enc_dst_ip" filter add \
		dev vxlan0 ingress pref 3 protocol ip flower verbose \
		enc_dst_ip 10.9.9.9 enc_key_id 42 action drop
	not_in_hw vxlan0 3
	check_err $? "a rule for no switch's address is in hardware"
	tca filter del dev vxlan0 ingress pref 3
	# pass: the packet goes up as it came, in its tunnel: vxlan0 takes it
	# out, and its rules see it in software, as without vxfp.
	tca filter add dev vxlan0 ingress pref 29 protocol ip flower \
		enc_src_ip 10.0.0.2 enc_dst_ip 10.0.0.1 enc_key_id 42 \
		enc_dst_port 4789 dst_ip 192.0.2.1 action pass
	in_hw vxlan0 29
	check_err $? "a pass rule on vxlan0 is not in_hw"
	capture "$NSA" vxlan0 2 "icmp and dst host 192.0.2.1"
	ip netns exec "$NSB" ping -c 3 -i 0.2 -W 1 192.0.2.1 >/dev/null 2>&1
	out=$(end_capture)
	grep -q "192.0.2.100 > 192.0.2.1: ICMP echo request" <<<"$out"
	check_err $? "what a pass rule took did not come out of vxlan0: $out"
	tca filter del dev vxlan0 ingress pref 29
	# skip_sw is tc's to refuse on a device without ndo_setup_tc.
	out=$(tca filter add dev vxlan0 ingress pref 3 protocol ip flower \
	      skip_sw enc_dst_ip 10.0.0.1 enc_key_id 42 action drop 2>&1)
	check_fail $? "tc took a skip_sw rule on vxlan0: $out"
	ip -n "$NSA" link del vx1
	log_test "decap rules on a plain vxlan device; tunnel refusals"
}

test_shared_block()
{
	local out

	RET=0
	tca qdisc add dev sw0_2 ingress_block 22 ingress &&
		tca qdisc add dev sw0_3 ingress_block 22 ingress
	check_err $? "cannot share block 22 between sw0_2 and sw0_3"
	tca filter add block 22 pref 1 protocol ip flower skip_sw \
		dst_ip 198.51.100.1 action drop
	check_err $? "cannot add a rule to the shared block"
	out=$(tca -j filter show block 22 | jq -c '[.[] | select(.options)][0]')
	jq -e '.options.in_hw_count == 2' <<<"$out" >/dev/null
	check_err $? "the shared rule is not in hardware twice: $out"
	# The cookies from the text: JSON numbers past 2^53 lose their low
	# bits in jq.
	out=$(nl flow show switch sw0 | grep -F "dst_ip 198.51.100.1")
	[ "$(grep -c . <<<"$out")" -eq 2 ] &&
		[ "$(awk '{ print $4 }' <<<"$out" | sort -u | grep -c .)" -eq 2 ]
	check_err $? "not two flows with cookies of their own: $out"
	tca qdisc del dev sw0_3 ingress_block 22 ingress
	check_err $? "cannot take sw0_3 off the block"
	out=$(flows_json | jq -c '[.[] | select(tostring | test("198.51.100.1"))]')
	[ "$(jq 'length' <<<"$out")" -eq 1 ]
	check_err $? "the flow of the port taken off stayed: $out"
	tca filter del block 22 pref 1
	[ "$(flows_json | jq '[.[] | select(tostring | test("198.51.100.1"))] | length')" -eq 0 ]
	check_err $? "a flow of the deleted shared rule stayed"
	tca qdisc del dev sw0_2 ingress_block 22 ingress
	log_test "shared block: one flow per (rule, port), cookies apart"
}

test_refusals()
{
	local out

	RET=0
	tc_refused "action ct is not supported" filter add dev sw0_0 ingress \
		pref 90 protocol ip flower skip_sw dst_ip 198.51.100.2 action ct
	# conform-exceed drop/ok: act_police itself refuses to offload its
	# default exceed action, reclassify.
	tc_refused "action police is not supported" filter add dev sw0_0 \
		ingress pref 90 protocol ip flower skip_sw dst_ip 198.51.100.2 \
		action police rate 1mbit burst 10k conform-exceed drop/ok
	tc_refused "match on an inner VLAN (cvlan) is not supported" filter \
		add dev sw0_0 ingress pref 90 protocol 802.1ad flower skip_sw \
		vlan_id 10 vlan_ethtype 802.1q cvlan_id 20 action drop
	tc_refused "match on port ranges is not supported" filter add \
		dev sw0_0 ingress pref 90 protocol ip flower skip_sw \
		ip_proto tcp dst_port 100-200 action drop
	tc_refused "tunnel (enc_*) matches belong on the rules of a VXLAN device" \
		filter add dev sw0_0 ingress pref 90 protocol ip flower \
		skip_sw enc_key_id 42 action drop
	tc_refused "pedit add is supported only as a TTL" filter add \
		dev sw0_0 ingress pref 90 protocol ip flower skip_sw \
		action pedit ex munge ip ttl add 2 pipe action drop
	tc_refused "a rule must end in drop, trap, pass, goto chain or a redirect" \
		filter add dev sw0_0 ingress pref 90 protocol ip flower \
		skip_sw dst_ip 198.51.100.2 action mirred egress mirror dev sw0_1
	ip -n "$NSA" link add vxt0 type veth peer name vxt1
	tc_refused "not a port of the switch" filter add dev sw0_0 ingress \
		pref 90 protocol ip flower skip_sw action mirred egress \
		redirect dev vxt0
	tc_refused "mirred ingress to a device other than" filter add \
		dev sw0_0 ingress pref 90 protocol ip flower skip_sw action \
		mirred ingress redirect dev vxt0
	ip -n "$NSA" link del vxt0
	tc_refused "needs a tunnel_key set before it" filter add dev sw0_0 \
		ingress pref 90 protocol ip flower skip_sw action mirred \
		egress redirect dev vxlan0
	tc_refused "vlan modify without a non-zero priority" filter add \
		dev sw0_0 ingress pref 90 protocol 802.1Q flower skip_sw \
		vlan_id 5 action vlan modify id 6 pipe action mirred egress \
		redirect dev sw0_1
	tc_refused "Goto chain must go to a higher chain" filter add \
		dev sw0_0 ingress chain 3 pref 90 protocol ip flower skip_sw \
		action goto chain 1
	# The PF of a switch in legacy mode takes its block, not its rules.
	tca qdisc add dev sw1 ingress
	check_err $? "cannot add an ingress qdisc to a legacy switch's PF"
	tc_refused "legacy mode" filter add dev sw1 ingress pref 1 protocol ip \
		flower skip_sw action drop
	# An egress block is not offloaded.
	out=$(tca qdisc add dev sw0_2 clsact 2>&1)
	check_err $? "cannot add clsact to sw0_2: $out"
	grep -q "only ingress blocks are offloaded" <<<"$out"
	check_err $? "binding sw0_2's egress block did not say why not: $out"
	out=$(tca filter add dev sw0_2 egress pref 1 protocol ip flower \
	      skip_sw action drop 2>&1)
	check_fail $? "a skip_sw rule on an egress block was taken: $out"
	tca qdisc del dev sw0_2 clsact
	# hw-tc-offload off: no rules; and not off while there are some.
	ip netns exec "$NSA" ethtool -K sw0_1 hw-tc-offload off 2>/dev/null
	check_fail $? "hw-tc-offload went off under offloaded rules"
	ip netns exec "$NSA" ethtool -K sw0_3 hw-tc-offload off
	check_err $? "cannot turn hw-tc-offload off on sw0_3"
	tca qdisc add dev sw0_3 ingress
	tc_refused "TC offload is disabled" filter add dev sw0_3 ingress \
		pref 1 protocol ip flower skip_sw action drop
	tca qdisc del dev sw0_3 ingress
	ip netns exec "$NSA" ethtool -K sw0_3 hw-tc-offload on
	[ "$(tca filter show dev sw0_0 ingress pref 90 | wc -l)" -eq 0 ]
	check_err $? "a refused rule was left behind"
	log_test "refusals say why: ct, police, cvlan, ranges, enc on a rep, pedit add, no verdict, foreign mirred, legacy, egress, hw-tc-offload off"
}

test_goto_chain()
{
	RET=0
	tca filter add dev sw0_1 ingress pref 2 protocol ip flower skip_sw \
		dst_ip 192.0.2.1 ip_proto icmp action goto chain 4
	check_err $? "cannot add a goto chain rule"
	tca filter add dev sw0_1 ingress chain 4 pref 1 protocol ip flower \
		skip_sw action mirred egress redirect dev sw0_0
	check_err $? "cannot add a rule in chain 4"
	ping_ok "$NSC0" 192.0.2.2 3
	check_err $? "C0 -> C1 does not ping through goto chain 4"
	[ "$(tca -s -j filter show dev sw0_1 ingress chain 4 pref 1 |
	     jq '[.[] | select(.options)][0].options.actions[0].stats.hw_packets // 0')" -ge 3 ]
	check_err $? "the rule of chain 4 did not count the replies"
	tca filter del dev sw0_1 ingress chain 4 pref 1
	tca filter del dev sw0_1 ingress pref 2
	tca chain del dev sw0_1 ingress chain 4 2>/dev/null
	log_test "goto chain"
}

# The keys OVS emits beyond addresses and ports, each with real traffic
# from C0: one rule (pref 4, or 3 for ARP) that counts what it matches and
# redirects it to C1; packets that must match, and packets that must not,
# which test_vf_to_vf's rules (pref 10, IPv4, and pref 11, ARP) count
# instead.
test_match_keys()
{
	RET=0
	tca filter add dev sw0_0 ingress pref 4 protocol ip flower skip_sw \
		dst_ip 192.0.2.2 ip_proto icmp ip_tos 0x20/0xfc action mirred \
		egress redirect dev sw0_1
	check_err $? "cannot add an ip_tos rule"
	in_hw sw0_0 4
	check_err $? "the ip_tos rule is not in_hw: $(filter_json sw0_0 4)"
	# ECN bits set, masked out.
	rises sw0_0 4 10 ping_n "$NSC0" 192.0.2.2 3 -Q 0x22
	check_err $? "C0 -> C1 does not ping with TOS 0x22"
	((RISE1 >= 3))
	check_err $? "ip_tos 0x20/0xfc counted $RISE1 of 3 pings of TOS 0x22"
	rises sw0_0 4 10 ping_n "$NSC0" 192.0.2.2 3 -Q 0x40
	check_err $? "C0 -> C1 does not ping with TOS 0x40"
	((RISE1 == 0 && RISE2 >= 3))
	check_err $? "3 pings of TOS 0x40: ip_tos 0x20/0xfc counted $RISE1, the rule after it $RISE2"
	tca filter del dev sw0_0 ingress pref 4
	log_test "ip_tos with a mask, with traffic"

	RET=0
	# 2000 bytes of ICMP: two fragments each way.
	tca filter add dev sw0_0 ingress pref 4 protocol ip flower skip_sw \
		dst_ip 192.0.2.2 ip_flags frag action mirred egress redirect \
		dev sw0_1
	check_err $? "cannot add an ip_flags frag rule"
	in_hw sw0_0 4
	check_err $? "the ip_flags frag rule is not in_hw"
	rises sw0_0 4 10 ping_n "$NSC0" 192.0.2.2 3 -s 2000
	check_err $? "C0 -> C1 does not ping with 2000 bytes"
	((RISE1 >= 6 && RISE2 == 0))
	check_err $? "3 fragmented pings: ip_flags frag counted $RISE1 of 6 fragments, the rule after it $RISE2"
	rises sw0_0 4 10 ping_n "$NSC0" 192.0.2.2 3
	((RISE1 == 0 && RISE2 >= 3))
	check_err $? "3 whole pings: ip_flags frag counted $RISE1, the rule after it $RISE2"
	tca filter del dev sw0_0 ingress pref 4
	tca filter add dev sw0_0 ingress pref 4 protocol ip flower skip_sw \
		dst_ip 192.0.2.2 ip_flags nofrag action mirred egress redirect \
		dev sw0_1
	check_err $? "cannot add an ip_flags nofrag rule"
	rises sw0_0 4 10 ping_n "$NSC0" 192.0.2.2 3
	check_err $? "C0 -> C1 does not ping through the ip_flags nofrag rule"
	((RISE1 >= 3 && RISE2 == 0))
	check_err $? "3 whole pings: ip_flags nofrag counted $RISE1, the rule after it $RISE2"
	rises sw0_0 4 10 ping_n "$NSC0" 192.0.2.2 3 -s 2000
	((RISE1 == 0 && RISE2 >= 6))
	check_err $? "3 fragmented pings: ip_flags nofrag counted $RISE1, the rule after it $RISE2"
	tca filter del dev sw0_0 ingress pref 4
	log_test "ip_flags frag and nofrag, with traffic"

	RET=0
	# An address nobody asks for: C0's own ARP does not match.
	tca filter add dev sw0_0 ingress pref 3 protocol arp flower skip_sw \
		arp_op request arp_sip 192.0.2.1 arp_tip 192.0.2.222 action \
		mirred egress redirect dev sw0_1
	check_err $? "cannot add an ARP rule"
	in_hw sw0_0 3
	check_err $? "the ARP rule is not in_hw"
	rises sw0_0 3 11 send_pkts "$NSC0" arp sw0v0 1 192.0.2.1 192.0.2.222 3
	check_err $? "cannot send ARP requests from C0"
	((RISE1 == 3))
	check_err $? "the ARP rule counted $RISE1 of 3 requests it matches"
	rises sw0_0 3 11 send_pkts "$NSC0" arp sw0v0 2 192.0.2.1 192.0.2.222 3
	((RISE1 == 0 && RISE2 >= 3))
	check_err $? "3 ARP replies: the request rule counted $RISE1, the rule after it $RISE2"
	rises sw0_0 3 11 send_pkts "$NSC0" arp sw0v0 1 192.0.2.7 192.0.2.222 3
	((RISE1 == 0 && RISE2 >= 3))
	check_err $? "3 ARP requests from another sender: the rule counted $RISE1, the rule after it $RISE2"
	rises sw0_0 3 11 send_pkts "$NSC0" arp sw0v0 1 192.0.2.1 192.0.2.223 3
	((RISE1 == 0 && RISE2 >= 3))
	check_err $? "3 ARP requests for another target: the rule counted $RISE1, the rule after it $RISE2"
	tca filter del dev sw0_0 ingress pref 3
	log_test "ARP arp_op, arp_sip, arp_tip, with traffic"

	RET=0
	# SYN without ACK; a mask of SYN alone would take SYN-ACK too.
	tca filter add dev sw0_0 ingress pref 4 protocol ip flower skip_sw \
		dst_ip 192.0.2.2 ip_proto tcp dst_port 7 tcp_flags 0x2/0x12 \
		action mirred egress redirect dev sw0_1
	check_err $? "cannot add a tcp_flags rule"
	in_hw sw0_0 4
	check_err $? "the tcp_flags rule is not in_hw"
	rises sw0_0 4 10 send_pkts "$NSC0" tcp 192.0.2.2 7 0x02 3
	check_err $? "cannot send TCP from C0"
	((RISE1 == 3))
	check_err $? "tcp_flags 0x2/0x12 counted $RISE1 of 3 SYNs"
	rises sw0_0 4 10 send_pkts "$NSC0" tcp 192.0.2.2 7 0x12 3
	((RISE1 == 0 && RISE2 >= 3))
	check_err $? "3 SYN-ACKs: tcp_flags 0x2/0x12 counted $RISE1, the rule after it $RISE2"
	rises sw0_0 4 10 send_pkts "$NSC0" tcp 192.0.2.2 7 0x10 3
	((RISE1 == 0 && RISE2 >= 3))
	check_err $? "3 ACKs: tcp_flags 0x2/0x12 counted $RISE1, the rule after it $RISE2"
	tca filter del dev sw0_0 ingress pref 4
	log_test "tcp_flags with a mask, with traffic"
}

# enc_tos (masked) and enc_ttl on the VXLAN device's rule, before
# test_vxlan's decap rule (pref 30) for the same packets: B's vx0 takes
# the outer TOS and TTL from its pings'.
test_enc_ip()
{
	RET=0
	tca filter add dev vxlan0 ingress pref 25 protocol ip flower \
		enc_src_ip 10.0.0.2 enc_dst_ip 10.0.0.1 enc_key_id 42 \
		enc_dst_port 4789 enc_tos 0x20/0xfc enc_ttl 33 dst_ip 192.0.2.1 \
		action tunnel_key unset action mirred egress redirect dev sw0_0
	check_err $? "cannot add a decap rule with enc_tos and enc_ttl"
	in_hw vxlan0 25
	check_err $? "the enc_tos/enc_ttl rule is not in_hw: $(filter_json vxlan0 25)"
	rises vxlan0 25 30 ping_n "$NSB" 192.0.2.1 3 -Q 0x22 -t 33
	check_err $? "B -> C0 does not ping with TOS 0x22, TTL 33"
	((RISE1 >= 3 && RISE2 == 0))
	check_err $? "3 pings in tunnel TOS 0x22, TTL 33: the rule counted $RISE1, the one after it $RISE2"
	rises vxlan0 25 30 ping_n "$NSB" 192.0.2.1 3 -Q 0x20 -t 34
	check_err $? "B -> C0 does not ping with TTL 34"
	((RISE1 == 0 && RISE2 >= 3))
	check_err $? "3 pings in tunnel TTL 34: enc_ttl 33 counted $RISE1, the rule after it $RISE2"
	rises vxlan0 25 30 ping_n "$NSB" 192.0.2.1 3 -Q 0x40 -t 33
	check_err $? "B -> C0 does not ping with TOS 0x40"
	((RISE1 == 0 && RISE2 >= 3))
	check_err $? "3 pings in tunnel TOS 0x40: enc_tos 0x20/0xfc counted $RISE1, the rule after it $RISE2"
	tca filter del dev vxlan0 ingress pref 25
	log_test "enc_tos with a mask and enc_ttl on a VXLAN device, with traffic"
}

# OVS's output to an internal port: skbedit ptype host and a mirred
# ingress, here a mirror up representor sw0_2, then on to C1.
test_ptype_mirror()
{
	local rx

	RET=0
	tca filter add dev sw0_0 ingress pref 4 protocol ip flower skip_sw \
		dst_ip 192.0.2.2 ip_proto icmp action skbedit ptype host \
		action mirred ingress mirror dev sw0_2 action mirred egress \
		redirect dev sw0_1
	check_err $? "cannot add a skbedit ptype host + mirred ingress mirror rule"
	in_hw sw0_0 4
	check_err $? "the ptype host + mirred ingress rule is not in_hw: $(filter_json sw0_0 4)"
	rx=$(pkts "$NSA" sw0_2 rx)
	rises sw0_0 4 10 ping_n "$NSC0" 192.0.2.2 5
	check_err $? "C0 -> C1 does not ping through the mirror rule"
	((RISE1 >= 5 && RISE2 == 0))
	check_err $? "5 pings: the mirror rule counted $RISE1, the rule after it $RISE2"
	(($(pkts "$NSA" sw0_2 rx) - rx >= 5))
	check_err $? "the copies did not come up sw0_2: rx $rx -> $(pkts "$NSA" sw0_2 rx)"
	tca filter del dev sw0_0 ingress pref 4
	log_test "skbedit ptype host + mirred ingress mirror, with traffic"
}

# The same to a netdev that is no port of the switch, as OVS's output to
# br-int, its internal port: the copies are received by it (its taps see
# them); without the ptype host tc's mirred ingress keeps the packet's
# type, which the fast path does not, so it refuses; once the netdev is
# gone its copies are dropped and the rest of the rule goes on.
test_ptype_host_dev()
{
	local out drops

	RET=0
	ip -n "$NSA" link add hin0 type dummy && ip -n "$NSA" link set hin0 up
	check_err $? "cannot make a dummy netdev in A"
	out=$(tca filter add dev sw0_0 ingress pref 5 protocol ip flower \
	      skip_sw dst_ip 192.0.2.2 ip_proto icmp action mirred ingress \
	      mirror dev hin0 action mirred egress redirect dev sw0_1 2>&1)
	check_fail $? "a mirred ingress to hin0 without ptype host was offloaded"
	grep -q "supported only after skbedit ptype host" <<<"$out"
	check_err $? "the refusal did not say why: $out"

	tca filter add dev sw0_0 ingress pref 5 protocol ip flower skip_sw \
		dst_ip 192.0.2.2 ip_proto icmp action skbedit ptype host \
		action mirred ingress mirror dev hin0 action mirred egress \
		redirect dev sw0_1
	check_err $? "cannot add a ptype host + mirred ingress rule to hin0"
	in_hw sw0_0 5
	check_err $? "the rule to hin0 is not in_hw: $(filter_json sw0_0 5)"
	nl flow show switch sw0 | grep -q "mirror dev hin0"
	check_err $? "no flow with a mirror to dev hin0: $(nl flow show switch sw0)"
	capture "$NSA" hin0 5 "icmp and src host 192.0.2.1"
	rises sw0_0 5 10 ping_n "$NSC0" 192.0.2.2 5
	check_err $? "C0 -> C1 does not ping through the rule to hin0"
	out=$(end_capture)
	[ "$(count_lines "$out" "192\.0\.2\.1 > 192\.0\.2\.2: ICMP echo request")" -ge 5 ]
	check_err $? "hin0 did not receive the copies: $out"
	((RISE1 >= 5 && RISE2 == 0))
	check_err $? "5 pings: the rule to hin0 counted $RISE1, the rule after it $RISE2"

	drops=$(fp_stat "drops.link_down")
	ip -n "$NSA" link del hin0
	ping_n "$NSC0" 192.0.2.2 3
	check_err $? "C0 -> C1 does not ping once hin0 is gone"
	[ "$(fp_stat "drops.link_down")" -ge $((drops + 3)) ]
	check_err $? "the copies to the gone hin0 were not counted as link_down drops"
	tca filter del dev sw0_0 ingress pref 5
	log_test "skbedit ptype host + mirred ingress to a netdev of the namespace"
}

test_stats()
{
	local n out idle t0 t1 t2 since stale

	RET=0
	tca filter add dev sw0_0 ingress pref 4 protocol ip flower skip_sw \
		dst_ip 192.0.2.2 ip_proto icmp action mirred egress redirect \
		dev sw0_1 hw_stats delayed
	check_err $? "cannot add a rule with hw_stats delayed"
	in_hw sw0_0 4
	check_err $? "the hw_stats delayed rule is not in_hw"
	rises sw0_0 4 10 ping_n "$NSC0" 192.0.2.2 5
	check_err $? "C0 -> C1 does not ping through the hw_stats delayed rule"
	((RISE1 >= 5))
	check_err $? "the hw_stats delayed rule counted $RISE1 of 5 pings"
	out=$(filter_json sw0_0 4 -s)
	jq -e '.options.actions[0].used_hw_stats | tostring | test("delayed")' \
		<<<"$out" >/dev/null
	check_err $? "tc does not show used_hw_stats delayed: $out"
	log_test "hw_stats delayed: counts, reported as delayed"

	RET=0
	# Idle since it was installed, then used, then idle again. tc gives
	# whole seconds, and on a slow kernel (the debug lane) the pings and
	# tc's dump take seconds themselves, so "recent" is bounded by the
	# time from the first ping to the end of the dump; a value the pings
	# did not refresh would be the idle age plus the time the pings took.
	sleep 4.5
	idle=$(last_used sw0_0 4)
	((idle >= 4))
	check_err $? "last used $idle s ago after 4.5 s without traffic"
	t0=${EPOCHREALTIME/[.,]/}
	ping_n "$NSC0" 192.0.2.2 2
	t1=${EPOCHREALTIME/[.,]/}
	n=$(last_used sw0_0 4)
	t2=${EPOCHREALTIME/[.,]/}
	since=$(((t2 - t0 + 999999) / 1000000))
	stale=$((idle + (t1 - t0) / 1000000))
	((n <= since && n < stale))
	check_err $? "last used $n s ago right after traffic (pings and dump took $since s, a stale value would be $stale s or more)"
	sleep 2.5
	n=$(last_used sw0_0 4)
	((n >= 2))
	check_err $? "last used $n s ago 2.5 s after traffic stopped"
	tca filter del dev sw0_0 ingress pref 4
	log_test "last used: recent after traffic, growing when it stops"

	RET=0
	n=$(nflows)
	tca filter add dev sw0_0 ingress pref 4 protocol ip flower skip_hw \
		dst_ip 198.51.100.7 action drop
	check_err $? "cannot add a skip_hw rule"
	not_in_hw sw0_0 4
	check_err $? "the skip_hw rule is not not_in_hw: $(filter_json sw0_0 4)"
	[ "$(nflows)" -eq "$n" ] &&
		! nl flow show switch sw0 | grep -qF "dst_ip 198.51.100.7"
	check_err $? "a skip_hw rule has a flow: $(nl flow show switch sw0)"
	tca filter del dev sw0_0 ingress pref 4
	# The same rule without skip_hw does get one.
	tca filter add dev sw0_0 ingress pref 4 protocol ip flower \
		dst_ip 198.51.100.7 action drop
	[ "$(nflows)" -eq $((n + 1)) ] &&
		nl flow show switch sw0 | grep -qF "dst_ip 198.51.100.7"
	check_err $? "the same rule without skip_hw has no flow: $(nl flow show switch sw0)"
	tca filter del dev sw0_0 ingress pref 4
	log_test "skip_hw rules never reach the fast path"
}

# tunnel_key set with a TOS and a TTL of its own: the outer header on the
# wire has them.
test_encap_tos_ttl()
{
	local out

	RET=0
	tca filter add dev sw0_0 ingress pref 28 protocol ip flower skip_sw \
		dst_ip 192.0.2.100 ip_proto icmp action tunnel_key set \
		src_ip 10.0.0.1 dst_ip 10.0.0.2 id 42 dst_port 4789 tos 0x28 \
		ttl 17 action mirred egress redirect dev vxlan0
	check_err $? "cannot add an encap rule with tos and ttl"
	in_hw sw0_0 28
	check_err $? "the encap rule with tos and ttl is not in_hw"
	capture "$NSB" eth0 3 "udp port 4789 and src host 10.0.0.1" -v
	ping_ok "$NSC0" 192.0.2.100 3
	check_err $? "C0 -> B does not ping through the encap rule with tos and ttl"
	out=$(end_capture)
	[ "$(count_lines "$out" "\\(tos 0x28, ttl 17, .*proto UDP")" -ge 3 ]
	check_err $? "the outer headers on the wire are not TOS 0x28, TTL 17: $out"
	[ "$(hw_pkts sw0_0 28)" -ge 3 ]
	check_err $? "the encap rule counted $(hw_pkts sw0_0 28) of 3 pings"
	tca filter del dev sw0_0 ingress pref 28
	log_test "tunnel_key set tos and ttl, on the wire"
}

test_switch_del()
{
	local out

	RET=0
	out=$(ip netns exec "$NSA" timeout 30 "$NLCTL" switch del name sw0 2>&1)
	check_err $? "switch del with offloaded rules failed: $out"
	[ -z "$(nl flow show 2>/dev/null)" ]
	check_err $? "flows left: $(nl flow show 2>&1)"
	# The VXLAN device's rules are not in hardware any more.
	busywait 5000 out_of_hw vxlan0 30 >/dev/null
	check_err $? "vxlan0's rule still claims to be in hardware: $(filter_json vxlan0 30)"
	out=$(ip -n "$NSA" -o link show | grep -E "sw0(_|v|:)")
	[ -z "$out" ]
	check_err $? "switch netdevs left: $out"
	log_test "switch deleted with offloaded rules: no flows, no stale in_hw"
}

test_module_unload()
{
	RET=0
	# A rule on a VXLAN device, bound while a switch exists, as rmmod runs.
	nl switch del name sw1 &&
		nl switch add name sw2 uplink eth1 vfs 1 mode switchdev
	check_err $? "cannot make a switch again"
	ip -n "$NSA" addr add 10.0.1.1/24 dev sw2 && ip -n "$NSA" link set sw2 up
	sleep 1
	tca filter add dev vxlan0 ingress pref 40 protocol ip flower \
		enc_dst_ip 10.0.1.1 enc_key_id 7 action drop
	check_err $? "cannot add a decap rule for the new switch"
	in_hw vxlan0 40
	check_err $? "the decap rule for the new switch is not in_hw"
	vxfp_unload
	check_err $? "rmmod vxfp failed with offloaded rules"
	[ ! -d /sys/module/vxfp ]
	check_err $? "vxfp still loaded"
	out_of_hw vxlan0 40
	check_err $? "vxlan0's rule still in hardware after rmmod: $(filter_json vxlan0 40)"
	log_test "rmmod with offloaded rules on a VXLAN device"
}

test_cleanup()
{
	[[ -n ${NSA:-} ]] && vxfp_loaded && {
		nl switch del name sw0 >/dev/null 2>&1
		nl switch del name sw1 >/dev/null 2>&1
		nl switch del name sw2 >/dev/null 2>&1
	}
	ns_cleanup
	vxfp_unload
}

klog_mark
setup || { echo "FAIL: setup failed"; exit "$ksft_fail"; }
test_features
test_vf_to_vf
test_not_skip_sw
test_twin_chain
test_drop_replace
test_vlan_pedit
test_vxlan
test_shared_block
test_refusals
test_goto_chain
test_match_keys
test_enc_ip
test_ptype_mirror
test_ptype_host_dev
test_stats
test_encap_tos_ttl
test_switch_del
test_module_unload
RET=0
out=$(klog_splats)
[ -z "$out" ]
check_err $? "kernel log: $out"
log_test "no splat in the kernel log"
check_no_leftovers

exit "$EXIT_STATUS"

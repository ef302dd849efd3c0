#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The fast path's flow table with real traffic, VF to VF: what no flow
# takes goes up the representors (misses); flows carry ping and iperf3
# between two VFs while the representors stay still and the flows' and the
# switch's counters rise; priorities; bad flows refused with a one-line
# error and no change; refused lines of a batch reported in order while
# the others go in; the mode change to legacy flushes the flows; 100k
# flows installed by batch, dumped, matched and flushed; and the switch
# deleted with flows and traffic. (The actions, on the wire: flow_actions.sh.)
#
#   ns C0            ns C1            ns A                               ns B
#   +-----------+    +-----------+    +------------------------------+   +---------+
#   | sw0v0     |    | sw0v1     |    | sw0 (PF, uplink's rep)       |   |         |
#   | 192.0.2.1 |    | 192.0.2.2 |    | sw0_0 sw0_1 (reps)           |   | eth0    |
#   +-----|-----+    +-----|-----+    | eth0 (uplink) ---------------+---+ .100    |
#         |                |          +------------------------------+   +---------+
#         +------ switch sw0 (switchdev), flow table ------+
#                                                  (addresses: 192.0.2.0/24)

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_cmd tcpdump iperf3 jq awk devlink

# How many flows the scale test installs, how many of them it sends
# packets to, and the seed of its choice.
SCALE_FLOWS=${SCALE_FLOWS:-100000}
SCALE_PICKS=${SCALE_PICKS:-20}
SCALE_SEED=${SCALE_SEED:-4242}

nl()
{
	ip netns exec "$NSA" "$NLCTL" "$@"
}

ping_ok()
{
	ping_n "$1" "$2" 2
}

# iperf3_tcp NS DEST: 3 s of TCP to an iperf3 server at DEST; prints
# Mbit/s received (empty if it failed).
iperf3_tcp()
{
	ip netns exec "$1" timeout 30 iperf3 -c "$2" -t 3 -J \
		--connect-timeout 5000 2>/dev/null |
		jq '.end.sum_received.bits_per_second / 1000000 | floor' 2>/dev/null
}

reps_up()
{
	ip -n "$NSA" link set sw0_0 up && ip -n "$NSA" link set sw0_1 up
}

setup()
{
	local ns

	vxfp_load || return 1
	ns_create NSA NSB NSC0 NSC1 || return 1
	wire_create "$NSA" "$NSB" 192.0.2.100/24 || return 1
	nl switch add name sw0 uplink eth0 vfs 2 mode switchdev || return 1
	DL=vxfp/vxfp$(nl -j switch show name sw0 | jq '.[0].id')
	ip -n "$NSA" link set sw0 up
	# Only what the tests send: no IPv6 chatter from the VFs, which
	# flows of every packet of a VF would count.
	for ns in "$NSC0" "$NSC1"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	done
	vf_to_ns "$NSA" sw0v0 "$NSC0" 192.0.2.1/24 &&
		vf_to_ns "$NSA" sw0v1 "$NSC1" 192.0.2.2/24 || return 1
	reps_up || return 1
	MAC0=$(mac "$NSC0" sw0v0)
	MAC1=$(mac "$NSC1" sw0v1)
}

# The two flows that carry everything between C0 and C1.
vf_flows()
{
	nl flow add switch sw0 cookie 0x1 prio 10 in_port vf0 action output vf1 &&
		nl flow add switch sw0 cookie 0x2 prio 10 in_port vf1 action output vf0
}

# miss_check NAME: C0's pings to C1 (its neighbour known) come up sw0_0
# and count as misses.
miss_check()
{
	local out m0 r0

	RET=0
	m0=$(fp_stat "$NSA" sw0 misses)
	r0=$(pkts "$NSA" sw0_0 rx)
	capture "$NSA" sw0_0 3 "icmp and src host 192.0.2.1"
	ping_n "$NSC0" 192.0.2.2 3
	check_fail $? "C0 reached C1 with no flow and no slow path"
	out=$(end_capture)
	[ "$(grep -c "192.0.2.1 > 192.0.2.2: ICMP echo request" <<<"$out")" -ge 3 ]
	check_err $? "C0's pings did not come up its representor: $out"
	[ "$(pkts "$NSA" sw0_0 rx)" -ge $((r0 + 3)) ]
	check_err $? "sw0_0 rx did not rise by 3"
	[ "$(fp_stat "$NSA" sw0 misses)" -ge $((m0 + 3)) ]
	check_err $? "misses did not rise by 3: $m0 -> $(fp_stat "$NSA" sw0 misses)"
	log_test "$1"
}

test_miss()
{
	ip -n "$NSC0" neigh replace 192.0.2.2 lladdr "$MAC1" dev sw0v0 nud permanent
	miss_check "no flow at all: slow path (representor), counted as misses"
	# A flow that does not match C0's packets.
	nl flow add switch sw0 cookie 0x3 in_port vf1 action drop
	miss_check "no flow matches: slow path (representor), counted as misses"
	nl flow flush switch sw0
	ip -n "$NSC0" neigh del 192.0.2.2 dev sw0v0
}

test_slow_path_iperf()
{
	local mbps

	RET=0
	ip -n "$NSA" link add br0 type bridge &&
		ip -n "$NSA" link set sw0_0 master br0 &&
		ip -n "$NSA" link set sw0_1 master br0 &&
		ip -n "$NSA" link set br0 up
	check_err $? "cannot make a bridge over the representors"
	busywait 10000 ping_ok "$NSC0" 192.0.2.2
	check_err $? "C0 -> rep -> bridge -> rep -> C1 does not ping"
	iperf3_server "$NSC1"
	check_err $? "no iperf3 server in C1"
	mbps=$(iperf3_tcp "$NSC0" 192.0.2.2)
	log_info "TCP C0 -> C1 through the slow path (bridge over the reps): ${mbps:-?} Mbit/s"
	SLOW_MBPS=$mbps
	[ -n "$mbps" ] && [ "$mbps" -gt 0 ]
	check_err $? "no TCP through the slow path"
	ip -n "$NSA" link del br0
	log_test "slow path: a bridge over the representors carries C0 <-> C1"
}

test_vf_to_vf()
{
	local r0 r1 h0 f1 f2 mbps

	RET=0
	vf_flows
	check_err $? "cannot add the VF to VF flows"
	ping_ok "$NSC0" 192.0.2.2
	check_err $? "C0 -> C1 does not ping through the flows"
	r0=$(pkts "$NSA" sw0_0 rx)
	r1=$(pkts "$NSA" sw0_1 rx)
	h0=$(fp_stat "$NSA" sw0 hits)
	f1=$(flow_pkts "$NSA" sw0 0x1)
	f2=$(flow_pkts "$NSA" sw0 0x2)

	ping_n "$NSC0" 192.0.2.2 10
	check_err $? "C0 -> C1: 10 pings not all answered"
	ping_n "$NSC1" 192.0.2.1 5
	check_err $? "C1 -> C0: 5 pings not all answered"
	iperf3_server "$NSC1"
	check_err $? "no iperf3 server in C1"
	mbps=$(iperf3_tcp "$NSC0" 192.0.2.2)
	log_info "TCP C0 -> C1 through the fast path: ${mbps:-?} Mbit/s" \
		"(slow path: ${SLOW_MBPS:-?} Mbit/s)"
	[ -n "$mbps" ] && [ "$mbps" -gt 0 ]
	check_err $? "no TCP through the fast path"

	[ "$(pkts "$NSA" sw0_0 rx)" -eq "$r0" ] &&
		[ "$(pkts "$NSA" sw0_1 rx)" -eq "$r1" ]
	check_err $? "representors' rx moved: sw0_0 $r0 -> $(pkts "$NSA" sw0_0 rx), sw0_1 $r1 -> $(pkts "$NSA" sw0_1 rx)"
	# iperf3: thousands of packets each way; the pings: 15 each way.
	[ "$(flow_pkts "$NSA" sw0 0x1)" -ge $((f1 + 1000)) ]
	check_err $? "flow vf0 -> vf1 counted $f1 -> $(flow_pkts "$NSA" sw0 0x1)"
	[ "$(flow_pkts "$NSA" sw0 0x2)" -ge $((f2 + 100)) ]
	check_err $? "flow vf1 -> vf0 counted $f2 -> $(flow_pkts "$NSA" sw0 0x2)"
	[ "$(fp_stat "$NSA" sw0 hits)" -ge $((h0 + 1100)) ]
	check_err $? "hits did not rise with the traffic: $h0 -> $(fp_stat "$NSA" sw0 hits)"
	log_test "flows carry C0 <-> C1 (ping, iperf3), representors still"
	nl flow flush switch sw0
}

# icmp_echos_in NS: the ICMP echo requests NS's stack has received.
icmp_echos_in()
{
	ip netns exec "$1" nstat -asz IcmpInEchos | awk '/^IcmpInEchos/ { print $2 }'
}

test_priorities()
{
	local f e

	RET=0
	vf_flows
	ping_ok "$NSC0" 192.0.2.2
	check_err $? "C0 -> C1 does not ping through the prio 10 flows"

	# Another mask, a better priority: it wins.
	nl flow add switch sw0 cookie 0x10 prio 5 in_port vf0 eth_type ipv4 \
		ip_proto icmp action drop
	check_err $? "cannot add the prio 5 drop flow"
	f=$(flow_pkts "$NSA" sw0 0x1)
	e=$(icmp_echos_in "$NSC1")
	ping_n "$NSC0" 192.0.2.2 3
	check_fail $? "pings went through although the prio 5 flow drops them"
	[ "$(flow_pkts "$NSA" sw0 0x10)" -ge 3 ]
	check_err $? "the prio 5 flow did not take the pings"
	# The prio 10 flow may count C0's ARP or ND meanwhile, not the pings.
	[ "$(icmp_echos_in "$NSC1")" -eq "$e" ]
	check_err $? "the prio 10 flow took pings the prio 5 flow matched: C1 got $(($(icmp_echos_in "$NSC1") - e))"
	nl flow del switch sw0 cookie 0x10
	check_err $? "cannot delete the prio 5 flow"
	ping_n "$NSC0" 192.0.2.2 3
	check_err $? "the prio 10 flow did not take over once prio 5 was gone"
	[ "$(flow_pkts "$NSA" sw0 0x1)" -ge $((f + 3)) ]
	check_err $? "the prio 10 flow did not count the pings"

	# A worse priority: it loses.
	nl flow add switch sw0 cookie 0x11 prio 20 in_port vf0 eth_type ipv4 \
		ip_proto icmp action drop
	ping_n "$NSC0" 192.0.2.2 3
	check_err $? "a prio 20 flow beat the prio 10 one"
	[ "$(flow_pkts "$NSA" sw0 0x11)" -eq 0 ]
	check_err $? "the prio 20 flow counted packets"

	# The same mask and key at a better priority.
	nl flow add switch sw0 cookie 0x12 prio 3 in_port vf0 action drop
	check_err $? "cannot add a flow of the same match at prio 3"
	ping_n "$NSC0" 192.0.2.2 3
	check_fail $? "the prio 3 flow of the same match did not win"
	nl flow del switch sw0 cookie 0x12
	ping_n "$NSC0" 192.0.2.2 3
	check_err $? "the prio 10 flow did not take over from the same match at prio 3"
	log_test "priorities: the lower value wins, the other takes over"
	nl flow flush switch sw0
}

# refused RC REGEX ARGS...: nlctl ARGS fails with exit status RC and one
# line on stderr matching "Error: .*REGEX", nothing on stdout.
refused()
{
	local rc_want=$1 re=$2 out err rc
	shift 2

	out=$(ip netns exec "$NSA" "$NLCTL" "$@" 2>"$ERRF")
	rc=$?
	err=$(cat "$ERRF")
	if ((rc != rc_want)); then
		check_err 1 "nlctl $*: exit status $rc, not $rc_want ($err)"
		return
	fi
	[[ $(wc -l <"$ERRF") -eq 1 && $err =~ ^Error:\ .*$re ]]
	check_err $? "nlctl $*: message '$err', expected /$re/"
	[ -z "$out" ]
	check_err $? "nlctl $*: output '$out'"
}

test_errors()
{
	local before f0

	RET=0
	ERRF=$(mktemp)
	vf_flows
	before=$(nl flow show switch sw0)
	f0=$(fp_stat "$NSA" sw0 flows)

	refused 2 "in_port must be a VF of the switch or the uplink" \
		flow add switch sw0 cookie 0x20 in_port vf7 action output vf1
	refused 2 "No such port in the switch" \
		flow add switch sw0 cookie 0x20 in_port vf0 action output vf9
	refused 1 '"dst_port" needs "ip_proto tcp"' \
		flow add switch sw0 cookie 0x20 in_port vf0 dst_port 80 action output vf1
	refused 1 '"src_port" needs "ip_proto tcp"' \
		flow add switch sw0 cookie 0x20 in_port vf0 eth_type ipv4 src_port 80 action output vf1
	refused 2 "A flow with this cookie exists" \
		flow add switch sw0 cookie 0x1 in_port vf0 eth_type ipv6 action drop
	refused 2 "No flow with this cookie" \
		flow del switch sw0 cookie 0x999
	refused 2 "No flow with this cookie" \
		flow get switch sw0 cookie 0x999
	refused 2 "Switch not found" \
		flow add switch sw9 cookie 0x20 in_port vf0 action drop
	refused 1 '"drop" must be the last action' \
		flow add switch sw0 cookie 0x20 in_port vf0 action drop output vf1
	refused 1 "chain higher" \
		flow add switch sw0 cookie 0x20 chain 2 in_port vf0 action goto chain 1
	refused 2 "Decapsulation needs a tunnel match" \
		flow add switch sw0 cookie 0x20 in_port vf0 action decap output vf1
	refused 2 "Encapsulated packets can only go out of the uplink" \
		flow add switch sw0 cookie 0x20 in_port vf0 action encap id 42 dst_ip 192.0.2.100 output vf1
	refused 2 "IPv4 header rewrite needs an IPv4 match" \
		flow add switch sw0 cookie 0x20 in_port vf0 action pedit ip4 offset 16 mask 0xffffffff value 0x01020304 output vf1
	refused 2 "cannot be rewritten" \
		flow add switch sw0 cookie 0x20 in_port vf0 eth_type ipv4 action pedit ip4 offset 8 mask 0x0000ffff value 0x1 output vf1

	[ "$(nl flow show switch sw0)" = "$before" ]
	check_err $? "flow show changed: $(nl flow show switch sw0)"
	[ "$(fp_stat "$NSA" sw0 flows)" -eq "$f0" ]
	check_err $? "the switch's flow count changed"
	ping_ok "$NSC0" 192.0.2.2
	check_err $? "the flows in place stopped working"
	rm -f "$ERRF"
	log_test "bad flows: one-line error, non-zero exit, nothing changed"
	nl flow flush switch sw0
}

# batch_file FILE N BAD...: N flow lines, VF 0 to VF 1 by destination; the
# lines numbered BAD are refused: "k" by the kernel (no port vf9), "s" by
# nlctl's parser (a port without a protocol), as in "5000k 7000s".
batch_file()
{
	local file=$1 n=$2

	shift 2
	awk -v n="$n" -v bad="$*" 'BEGIN {
		split(bad, b, " ")
		for (i in b)
			kind[b[i] + 0] = substr(b[i], length(b[i]))
		for (i = 1; i <= n; i++) {
			out = kind[i] == "k" ? "vf9" : "vf1"
			port = kind[i] == "s" ? " dst_port 80" : ""
			printf "flow add switch sw0 cookie %d in_port vf0 dst_ip 10.1.%d.%d%s action output %s\n",
				65536 + i, int(i / 256), i % 256, port, out
		}
	}' >"$file"
}

# Refused lines in a batch that spans several requests in flight: each is
# reported with its line, in order, and what comes before it (and, with
# -force, after it) is installed, as if each line had been a command;
# without -force, lines after it go in only if nlctl says so (they were
# in flight already).
test_batch_errors()
{
	local batch rc want got

	RET=0
	ERRF=$(mktemp)
	batch=$(mktemp)
	nl flow flush switch sw0

	batch_file "$batch" 10000 5000k 9000k
	nl -b "$batch" 2>"$ERRF"
	rc=$?
	[ "$rc" -eq 2 ]
	check_err $? "nlctl -b: exit status $rc, not 2"
	# Requests already in flight when the failure came back may have been
	# applied: nlctl says which lines.
	got=$(grep -v '^Warning: lines [0-9]* to [0-9]*, sent before the failure, were applied\.$' "$ERRF")
	[[ $(wc -l <<<"$got") -eq 2 &&
	   $(head -n 1 <<<"$got") =~ ^Error:\ .*No\ such\ port\ in\ the\ switch\.$ &&
	   $(tail -n 1 <<<"$got") == "Command failed $batch:5000" ]]
	check_err $? "nlctl -b said '$(cat "$ERRF")'"
	want=$(awk '/^Warning: lines/ { n += $5 - $3 + 1 } END { print 4999 + n }' "$ERRF")
	[ "$(fp_stat "$NSA" sw0 flows)" -eq "$want" ]
	check_err $? "$(fp_stat "$NSA" sw0 flows) flows installed, not $want (lines 1 to 4999 and those said applied)"
	nl flow get switch sw0 cookie $((65536 + 4999)) >/dev/null &&
		! nl flow get switch sw0 cookie $((65536 + 5000)) >/dev/null 2>&1 &&
		! nl flow get switch sw0 cookie $((65536 + 5001)) >/dev/null 2>&1
	check_err $? "line 4999 is not installed, or line 5000 or 5001 is"
	nl flow flush switch sw0

	batch_file "$batch" 10000 5000k 7000s 9000k
	nl -force -b "$batch" 2>"$ERRF"
	rc=$?
	[ "$rc" -eq 2 ]
	check_err $? "nlctl -force -b: exit status $rc, not 2"
	got=$(grep '^Command failed' "$ERRF" | tr '\n' ' ')
	want="Command failed $batch:5000 Command failed $batch:7000 Command failed $batch:9000 "
	[ "$got" = "$want" ]
	check_err $? "nlctl -force -b reported '$got'"
	[ "$(grep -c '^Error: ' "$ERRF")" -eq 3 ]
	check_err $? "not one error message per refused line: $(cat "$ERRF")"
	[ "$(fp_stat "$NSA" sw0 flows)" -eq 9997 ]
	check_err $? "$(fp_stat "$NSA" sw0 flows) flows installed, not 9997"
	nl flow get switch sw0 cookie $((65536 + 10000)) >/dev/null
	check_err $? "the last line is not installed"

	rm -f "$batch" "$ERRF"
	log_test "batch: refused lines reported in order, the others installed"
	nl flow flush switch sw0
}

test_legacy_flushes()
{
	local out rc

	RET=0
	vf_flows
	[ "$(flow_count "$NSA" sw0)" -eq 2 ]
	check_err $? "2 flows not listed"
	devlink dev eswitch set "$DL" mode legacy
	check_err $? "devlink eswitch set legacy failed"
	[ -z "$(nl flow show switch sw0)" ]
	check_err $? "flows left in legacy mode: $(nl flow show switch sw0)"
	[ "$(fp_stat "$NSA" sw0 flows)" -eq 0 ] && [ "$(fp_stat "$NSA" sw0 masks)" -eq 0 ]
	check_err $? "the switch still counts flows or masks"
	out=$(nl flow add switch sw0 cookie 0x1 in_port vf0 action output vf1 2>&1)
	rc=$?
	[ "$rc" -eq 2 ] && [ "$out" = "Error: vxfp: Flows need the switch in switchdev mode." ]
	check_err $? "a flow in legacy mode: status $rc, '$out'"
	[ -z "$(nl flow show switch sw0)" ]
	check_err $? "a flow was installed in legacy mode"
	ping_ok "$NSC0" 192.0.2.2
	check_err $? "legacy switching C0 -> C1 does not work"

	nl switch set name sw0 mode switchdev
	check_err $? "back to switchdev failed"
	reps_up
	[ "$(flow_count "$NSA" sw0)" -eq 0 ]
	check_err $? "flows came back with switchdev mode"
	log_test "mode change to legacy flushes the flows; none in legacy"
}

# scale_addr I: the destination of scale flow I.
scale_addr()
{
	echo "10.$(($1 >> 16)).$(($1 >> 8 & 255)).$(($1 & 255))"
}

# scale_picks: SCALE_PICKS distinct flows of 1..SCALE_FLOWS, drawn from
# SCALE_SEED (the same ones every run).
scale_picks()
{
	local -A seen=()
	local i

	RANDOM=$SCALE_SEED
	while ((${#seen[@]} < SCALE_PICKS)); do
		i=$(((RANDOM << 15 | RANDOM) % SCALE_FLOWS + 1))
		[[ -n ${seen[$i]:-} ]] && continue
		seen[$i]=1
		echo "$i"
	done
}

# scale_addr_add ADDR: C1 takes ADDR, C0 sends to it straight to C1.
scale_addr_add()
{
	ip -n "$NSC1" addr add "$1/32" dev sw0v1 &&
		ip -n "$NSC0" neigh replace "$1" lladdr "$MAC1" dev sw0v0 nud permanent
}

scale_addr_del()
{
	ip -n "$NSC0" neigh del "$1" dev sw0v0
	ip -n "$NSC1" addr del "$1/32" dev sw0v1
}

test_scale()
{
	local batch dump t0 t1 t2 t3 n f rc i m0 picks

	RET=0
	nl flow flush switch sw0
	nl flow add switch sw0 cookie 0x2 in_port vf1 action output vf0
	batch=$(mktemp)
	dump=$(mktemp)
	# Flow i: what C0 sends to 10.<i/65536>.<i/256%256>.<i%256> goes to C1.
	awk -v n="$SCALE_FLOWS" 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "flow add switch sw0 cookie %d prio 100 in_port vf0 dst_ip 10.%d.%d.%d action output vf1\n",
				1048576 + i, int(i / 65536), int(i / 256) % 256, i % 256
	}' >"$batch"
	[ "$(wc -l <"$batch")" -eq "$SCALE_FLOWS" ]
	check_err $? "awk did not write $SCALE_FLOWS lines"

	t0=$EPOCHREALTIME
	nl -b "$batch"
	rc=$?
	t1=$EPOCHREALTIME
	check_err $rc "nlctl -b of $SCALE_FLOWS flows failed"
	[ "$(fp_stat "$NSA" sw0 flows)" -eq $((SCALE_FLOWS + 1)) ]
	check_err $? "the switch counts $(fp_stat "$NSA" sw0 flows) flows, not $((SCALE_FLOWS + 1))"
	t2=$EPOCHREALTIME
	nl flow show switch sw0 >"$dump"
	check_err $? "flow show failed"
	t3=$EPOCHREALTIME
	n=$(grep -c '^switch sw0 cookie ' "$dump")
	[ "$n" -eq $((SCALE_FLOWS + 1)) ]
	check_err $? "flow show lists $n flows, not $((SCALE_FLOWS + 1))"
	log_info "$SCALE_FLOWS flows: installed in $(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s" \
		"(nlctl -b), dumped in $(awk "BEGIN { printf \"%.2f\", $t3 - $t2 }") s" \
		"(nlctl flow show), $(fp_stat "$NSA" sw0 masks) masks"

	# SCALE_PICKS flows among them, drawn from SCALE_SEED: flow i gets
	# i % 3 + 1 pings, counted exactly, its neighbours none. C1 takes
	# their addresses and one no flow has, whose pings miss.
	ip -n "$NSC1" neigh replace 192.0.2.1 lladdr "$MAC0" dev sw0v1 nud permanent
	ip -n "$NSC0" route add 10.0.0.0/8 dev sw0v0
	picks=$(scale_picks)
	log_info "flows picked (seed $SCALE_SEED): ${picks//$'\n'/ }"
	for i in $picks; do
		scale_addr_add "$(scale_addr "$i")"
	done
	for i in $picks; do
		ping_n "$NSC0" "$(scale_addr "$i")" $((i % 3 + 1)) -i 0.05
		check_err $? "C0 -> $(scale_addr "$i") (flow $i of $SCALE_FLOWS) does not ping"
	done
	for i in $picks; do
		f=$(flow_pkts "$NSA" sw0 $((1048576 + i)))
		[ "$f" = $((i % 3 + 1)) ]
		check_err $? "flow $i ($(scale_addr "$i")) counted $f packets, not $((i % 3 + 1))"
		for n in $((i - 1)) $((i + 1)); do
			((n >= 1 && n <= SCALE_FLOWS)) || continue
			grep -q -w "$n" <<<"$picks" && continue
			[ "$(flow_pkts "$NSA" sw0 $((1048576 + n)))" = 0 ]
			check_err $? "flow $n, next to flow $i, counted packets"
		done
	done
	# 10.255.255.254: beyond every flow's address.
	scale_addr_add 10.255.255.254
	m0=$(fp_stat "$NSA" sw0 misses)
	ping_n "$NSC0" 10.255.255.254 3 -i 0.05
	check_fail $? "C0 reached 10.255.255.254, which no flow takes"
	[ "$(fp_stat "$NSA" sw0 misses)" -ge $((m0 + 3)) ]
	check_err $? "pings to 10.255.255.254 did not miss: misses $m0 -> $(fp_stat "$NSA" sw0 misses)"
	for i in $picks; do
		[ "$(flow_pkts "$NSA" sw0 $((1048576 + i)))" = $((i % 3 + 1)) ]
		check_err $? "flow $i counted the pings no flow should take"
	done

	t0=$EPOCHREALTIME
	nl flow flush switch sw0
	check_err $? "flush failed"
	t1=$EPOCHREALTIME
	[ "$(flow_count "$NSA" sw0)" -eq 0 ] && [ "$(fp_stat "$NSA" sw0 flows)" -eq 0 ]
	check_err $? "flows left after the flush"
	log_info "flushed in $(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s"
	ip -n "$NSC0" route del 10.0.0.0/8 dev sw0v0
	for i in $picks; do
		scale_addr_del "$(scale_addr "$i")"
	done
	scale_addr_del 10.255.255.254
	rm -f "$batch" "$dump"
	log_test "$SCALE_FLOWS flows by batch: listed, $SCALE_PICKS match traffic exactly, flushed"
}

test_del_under_traffic()
{
	local pid f

	RET=0
	vf_flows
	ip netns exec "$NSC0" ping -f -W 1 192.0.2.2 >/dev/null 2>&1 &
	pid=$!
	sleep 1
	f=$(flow_pkts "$NSA" sw0 0x1)
	[ "$f" -gt 0 ]
	check_err $? "no traffic through the flows before the switch del"
	nl switch del name sw0
	check_err $? "switch del with flows and traffic failed"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ -z "$(ip -n "$NSA" -o link show | grep sw0)" ]
	check_err $? "switch netdevs left: $(ip -n "$NSA" -o link show | grep sw0)"
	ip -n "$NSC0" link show sw0v0 >/dev/null 2>&1 ||
		ip -n "$NSC1" link show sw0v1 >/dev/null 2>&1
	check_fail $? "a VF left in its namespace"
	devlink dev show | grep -q "$DL\$"
	check_fail $? "devlink instance $DL left"
	[ -z "$(nl switch show)" ]
	check_err $? "a switch is still listed"
	log_test "switch del with flows installed and traffic running"
}

test_cleanup()
{
	[[ -n ${NSA:-} ]] && nl switch del name sw0 >/dev/null 2>&1
	ns_cleanup
	vxfp_unload
}

setup || { echo "FAIL: setup failed"; exit "$ksft_fail"; }
test_miss
test_slow_path_iperf
test_vf_to_vf
test_priorities
test_errors
test_batch_errors
test_legacy_flushes
test_scale
test_del_under_traffic
check_no_leftovers

exit "$EXIT_STATUS"

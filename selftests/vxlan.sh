#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# VXLAN in the fast path against a stock kernel VXLAN device on the other
# end of the wire, over an IPv4 and an IPv6 underlay: encap and decap
# flows carry ping and iperf3 (TCP and UDP, both ways) between a VF and
# the peer's VXLAN device, with the representor and the PF (almost) idle;
# the VNI, the UDP port and the outer source (the PF's address, the flow
# gave none) seen on the wire; TCP super-packets (GSO) encapsulated whole,
# larger than the MTU on the uplink's transmit side; no outer UDP checksum
# with nocsum; the action's TOS and TTL in the outer IPv4 and IPv6
# headers; one outer UDP source port per inner flow, several for parallel
# streams; the neighbour of the tunnel's next hop flushed (slow path until
# it is resolved again) and changed mid-stream (the stream follows the new
# MAC); the route to the remote endpoint changed mid-stream, to another
# next hop and back (the stream follows); frames too large once
# encapsulated dropped and counted, never put on the wire, while those
# that fit pass (IPv4 and IPv6 underlay); the switch deleted under tunnel
# traffic.
#
#   ns C0            ns C1            ns A                         ns B
#   +-----------+    +-----------+    +-----------------------+    +--------------------------+
#   | sw0v0     |    | sw0v1     |    | sw0 (PF) 192.0.2.1    |    | eth0 192.0.2.2           |
#   | 10.42.0.1 |    | 10.43.0.1 |    |   2001:db8::1         |    |   2001:db8::2            |
#   +-----|-----+    +-----|-----+    | sw0_0 sw0_1 (reps)    |    | vx0: VNI 42 over IPv4    |
#         |                |          | eth0 (uplink) --------+----+   10.42.0.2              |
#         +-- switch sw0 (switchdev) -+                       |    | vx6: VNI 43 over IPv6    |
#                                     +-----------------------+    |   10.43.0.2              |
#                                                                  +--------------------------+
#   C0 <-> vx0: encap id 42 dst_ip 192.0.2.2 / decap of VNI 42 to 192.0.2.1
#   C1 <-> vx6: encap id 43 dst_ip 2001:db8::2 / decap of VNI 43 to 2001:db8::1
#
#   For the route change, B gets a second next hop on the wire: rt0, a
#   macvlan over its eth0 with its own MAC, 192.0.2.3 and 2001:db8::3; A
#   routes B's address via it, and B takes what rt0 receives for it.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_cmd tcpdump iperf3 jq python3
require_mod vxlan

nl()
{
	ip netns exec "$NSA" "$NLCTL" "$@"
}

flow()
{
	nl flow add switch sw0 "$@"
}

ping_ok()
{
	ping_n "$1" "$2" 2
}

# iperf3_run NS DEST ARGS...: iperf3 to a fresh server at DEST (in ns B);
# prints Mbit/s received and, for UDP, the loss: "MBPS LOST%" (nothing if
# it failed).
iperf3_run()
{
	local ns=$1 dest=$2 json

	shift 2
	iperf3_server "$NSB" || return 1
	json=$(ip netns exec "$ns" timeout 30 iperf3 -c "$dest" -t 2 -J \
	       --connect-timeout 5000 "$@" 2>/dev/null)
	jq -r '.end | select(.sum_received.bytes > 0) |
	       "\(.sum_received.bits_per_second / 1000000 | floor)" +
	       (if .sum.lost_percent then " \(.sum.lost_percent | floor)%" else "" end)' \
		<<<"$json" 2>/dev/null
}

setup()
{
	vxfp_load || return 1
	ns_create NSA NSB NSC0 NSC1 || return 1
	wire_create "$NSA" "$NSB" 192.0.2.2/24 || return 1
	ip -n "$NSB" addr add 2001:db8::2/64 dev eth0 nodad &&
		ip -n "$NSB" link add vx0 type vxlan id 42 local 192.0.2.2 \
			remote 192.0.2.1 dstport 4789 dev eth0 &&
		ip -n "$NSB" addr add 10.42.0.2/24 dev vx0 &&
		ip -n "$NSB" link set vx0 up &&
		ip -n "$NSB" link add vx6 type vxlan id 43 local 2001:db8::2 \
			remote 2001:db8::1 dstport 4789 dev eth0 &&
		ip -n "$NSB" addr add 10.43.0.2/24 dev vx6 &&
		ip -n "$NSB" link set vx6 up || return 1

	nl switch add name sw0 uplink eth0 vfs 2 mode switchdev || return 1
	ip -n "$NSA" addr add 192.0.2.1/24 dev sw0 &&
		ip -n "$NSA" addr add 2001:db8::1/64 dev sw0 nodad &&
		ip -n "$NSA" link set sw0 up || return 1
	vf_to_ns "$NSA" sw0v0 "$NSC0" 10.42.0.1/24 &&
		vf_to_ns "$NSA" sw0v1 "$NSC1" 10.43.0.1/24 || return 1
	# The VF MTU leaves room for VXLAN over IPv4 (50 bytes); over IPv6
	# it takes 70, as on B's vx6.
	ip -n "$NSC1" link set sw0v1 mtu 1430 || return 1
	ip -n "$NSA" link set sw0_0 up && ip -n "$NSA" link set sw0_1 up
}

v4_flows()
{
	flow cookie 0x42 in_port vf0 action encap id 42 dst_ip 192.0.2.2 \
		dst_port 4789 output uplink &&
		flow cookie 0x43 in_port uplink enc_key_id 42 enc_dst_port 4789 \
			enc_src_ip 192.0.2.2 enc_dst_ip 192.0.2.1 \
			action decap output vf0
}

v6_flows()
{
	flow cookie 0x62 in_port vf1 action encap id 43 dst_ip 2001:db8::2 \
		dst_port 4789 output uplink &&
		flow cookie 0x63 in_port uplink enc_key_id 43 enc_dst_port 4789 \
			enc_src_ip 2001:db8::2 enc_dst_ip 2001:db8::1 \
			action decap output vf1
}

# pf_tunnel_watch ip|ipv6 / pf_tunnel_pkts / pf_tunnel_unwatch: VXLAN
# packets over that underlay that reach the PF's stack (a software-only tc
# rule on its ingress, which counts them and lets them pass; the fast path
# never sees skip_hw rules). Only one underlay: B's other VXLAN device
# sends now and then too (IPv6 router solicitations), and with no flow
# for its VNI yet that rightly goes to the slow path.
pf_tunnel_watch()
{
	tc -n "$NSA" qdisc add dev sw0 clsact &&
		tc -n "$NSA" filter add dev sw0 ingress protocol "$1" \
			flower skip_hw ip_proto udp dst_port 4789 action pass
}

pf_tunnel_pkts()
{
	tc -n "$NSA" -s -j filter show dev sw0 ingress |
		jq '[.[].options.actions[]?.stats.packets] | add // 0'
}

pf_tunnel_unwatch()
{
	tc -n "$NSA" qdisc del dev sw0 clsact
}

# tunnel_ping NAME NSC VF OVERLAY_PEER OVERLAY_SELF OUTER_RE ip|ipv6:
# pings both ways, what the wire shows, the counters.
tunnel_ping()
{
	local name=$1 nsc=$2 vf=$3 peer=$4 self=$5 outer=$6 family=$7
	local out e0 d0 r0 p0 cap=ip

	[[ $family == ipv6 ]] && cap=ip6
	# The first packets wait for B's MAC on the slow path.
	busywait 10000 ping_ok "$nsc" "$peer"
	check_err $? "C -> B over the tunnel does not ping"
	e0=$(fp_stat "$NSA" sw0 encap)
	d0=$(fp_stat "$NSA" sw0 decap)
	r0=$(pkts "$NSA" "sw0_$vf" rx)
	pf_tunnel_watch "$family"
	check_err $? "cannot count the PF's VXLAN packets"
	# Of this underlay only: the other VF's router solicitations may
	# cross the other tunnel meanwhile.
	capture "$NSB" eth0 4 "$cap and udp port 4789 and not src host 192.0.2.2 and not src host 2001:db8::2"
	ping_n "$nsc" "$peer" 4
	check_err $? "C -> B over the tunnel: 4 pings not all answered"
	out=$(end_capture)
	[ "$(count_lines "$out" "$outer")" -ge 4 ]
	check_err $? "no VXLAN from the PF's address on the wire as expected: $out"
	ping_n "$NSB" "$self" 4
	check_err $? "B -> C over the tunnel: 4 pings not all answered"
	[ "$(fp_stat "$NSA" sw0 encap)" -ge $((e0 + 8)) ]
	check_err $? "encap did not rise by 8: $e0 -> $(fp_stat "$NSA" sw0 encap)"
	[ "$(fp_stat "$NSA" sw0 decap)" -ge $((d0 + 8)) ]
	check_err $? "decap did not rise by 8: $d0 -> $(fp_stat "$NSA" sw0 decap)"
	# The representor may see a stray packet; the PF no VXLAN at all.
	p0=$(pf_tunnel_pkts)
	pf_tunnel_unwatch
	[ "$(pkts "$NSA" "sw0_$vf" rx)" -le $((r0 + 1)) ] && [ "$p0" = 0 ]
	check_err $? "the rep or the PF took tunnel traffic: sw0_$vf $r0 -> $(pkts "$NSA" "sw0_$vf" rx), VXLAN packets to sw0: $p0"
	log_test "$name"
}

# tunnel_iperf NAME NSC VF OVERLAY_PEER: iperf3 TCP and UDP both ways.
tunnel_iperf()
{
	local name=$1 nsc=$2 vf=$3 peer=$4 e0 d0 r0 p0 e1 d1 r1 p1 res dir
	local -a report=()

	e0=$(fp_stat "$NSA" sw0 encap)
	d0=$(fp_stat "$NSA" sw0 decap)
	r0=$(pkts "$NSA" "sw0_$vf" rx)
	p0=$(pkts "$NSA" sw0 rx)
	for dir in "TCP C->B:" "TCP B->C:-R" "UDP C->B:-u -b 20M -l 1200" \
		   "UDP B->C:-u -b 20M -l 1200 -R"; do
		# shellcheck disable=SC2086 # the arguments of iperf3
		res=$(iperf3_run "$nsc" "$peer" ${dir#*:})
		[ -n "$res" ]
		check_err $? "iperf3 ${dir%%:*} over the tunnel failed"
		report+=("${dir%%:*} ${res:-failed}")
	done
	e1=$(fp_stat "$NSA" sw0 encap)
	d1=$(fp_stat "$NSA" sw0 decap)
	r1=$(pkts "$NSA" "sw0_$vf" rx)
	p1=$(pkts "$NSA" sw0 rx)
	log_info "$name, Mbit/s (UDP: loss): $(printf '%s; ' "${report[@]}")"
	log_info "encap +$((e1 - e0)), decap +$((d1 - d0)), rep sw0_$vf rx +$((r1 - r0)), PF rx +$((p1 - p0))"
	[ $((e1 - e0)) -ge 1000 ] && [ $((d1 - d0)) -ge 1000 ]
	check_err $? "encap/decap did not count the traffic: +$((e1 - e0)), +$((d1 - d0))"
	# Neighbour upkeep may reach the PF, nothing of the tunnel should.
	[ $((r1 - r0)) -le 2 ] && [ $((p1 - p0)) -le 10 ]
	check_err $? "tunnel traffic took the slow path: rep +$((r1 - r0)), PF +$((p1 - p0))"
	log_test "$name: iperf3 TCP and UDP both ways, rep and PF idle"
}

test_v4()
{
	RET=0
	v4_flows
	check_err $? "cannot add the IPv4 tunnel flows"
	! nl flow get switch sw0 cookie 0x42 | grep -q "src_ip"
	check_err $? "the encap flow shows a source: $(nl flow get switch sw0 cookie 0x42)"
	tunnel_ping "VXLAN over IPv4: ping both ways, VNI 42 to 4789 from the PF's address" \
		"$NSC0" 0 10.42.0.2 10.42.0.1 \
		"^[0-9:.]+ $PFMAC > $BMAC, ethertype IPv4 .*: 192\.0\.2\.1\.[0-9]+ > 192\.0\.2\.2\.4789: VXLAN, flags \[I\] \(0x08\), vni 42$" \
		ip
	RET=0
	tunnel_iperf "VXLAN over IPv4" "$NSC0" 0 10.42.0.2
}

test_v6()
{
	RET=0
	v6_flows
	check_err $? "cannot add the IPv6 tunnel flows"
	tunnel_ping "VXLAN over IPv6: ping both ways, VNI 43 to 4789 from the PF's address" \
		"$NSC1" 1 10.43.0.2 10.43.0.1 \
		"^[0-9:.]+ $PFMAC > $BMAC, ethertype IPv6 .*: 2001:db8::1\.[0-9]+ > 2001:db8::2\.4789: VXLAN, flags \[I\] \(0x08\), vni 43$" \
		ipv6
	RET=0
	tunnel_iperf "VXLAN over IPv6" "$NSC1" 1 10.43.0.2
}

# gso_stream NAME NSC OVERLAY_PEER OUTER_SRC: a TCP stream from C to B
# leaves the uplink as VXLAN packets larger than the MTU: encapsulated
# whole, seen on the uplink's transmit side, before anything segments
# them.
gso_stream()
{
	local name=$1 nsc=$2 peer=$3 src=$4 out res

	RET=0
	capture "$NSA" eth0 5 "udp port 4789 and src host $src and greater 3000"
	res=$(iperf3_run "$nsc" "$peer")
	[ -n "$res" ]
	check_err $? "iperf3 TCP C->B over the tunnel failed"
	out=$(end_capture)
	log_info "$name: TCP C->B ${res:-failed} Mbit/s, VXLAN packets over 3000 bytes: $(count_lines "$out" "\.4789: VXLAN")"
	[ "$(count_lines "$out" "length ([3-9][0-9]{3}|[1-9][0-9]{4}): .*\.4789: VXLAN")" -ge 1 ]
	check_err $? "no VXLAN packet larger than the MTU left the uplink: the stream was segmented before encapsulation"
	log_test "$name: TCP super-packets encapsulated whole (GSO)"
}

test_gso()
{
	gso_stream "VXLAN over IPv4" "$NSC0" 10.42.0.2 192.0.2.1
	gso_stream "VXLAN over IPv6" "$NSC1" 10.43.0.2 2001:db8::1
}

# sports TEXT SRC: how many outer UDP source ports from SRC TEXT shows.
sports()
{
	grep -o -E -- "${2//./\\.}\.[0-9]+ > [0-9a-f:.]+\.4789: " <<<"$1" |
		sort -u | wc -l
}

# ping_sports TEXT SRC: the same, for the echo requests only (tcpdump -v:
# the outer addresses, then the inner ICMP on a later line).
ping_sports()
{
	awk -v src="$2." '
	index($0, src) && / > [0-9a-f:.]+\.4789: / {
		split(substr($0, index($0, src)), w, " ")
		port = w[1]
		next
	}
	/ICMP echo request/ && port != "" { seen[port] = 1; port = "" }
	END { n = 0; for (p in seen) n++; print n }' <<<"$1"
}

# encap_opts NAME NSC VF OVERLAY_PEER COOKIE ENCAP OUTER_SRC OUTER_RE: flow
# COOKIE replaced by one that encapsulates what VF sends with ENCAP, 4
# pings, each outer header as OUTER_RE says (tcpdump -v), all from one
# source port.
encap_opts()
{
	local name=$1 nsc=$2 vf=$3 peer=$4 cookie=$5 encap=$6 src=$7 re=$8 out

	# shellcheck disable=SC2086 # the encap arguments
	nl flow replace switch sw0 cookie "$cookie" in_port "vf$vf" \
		action encap $encap output uplink
	check_err $? "cannot replace the $name encap flow: $encap"
	nl flow get switch sw0 cookie "$cookie" | grep -q " tos 0x20 ttl 17 "
	check_err $? "flow get does not show tos 0x20 ttl 17: $(nl flow get switch sw0 cookie "$cookie")"
	capture "$NSA" eth0 4 "udp port 4789 and src host $src" -v
	ping_n "$nsc" "$peer" 4
	check_err $? "no ping over VXLAN over $name with tos 0x20 ttl 17"
	out=$(end_capture)
	[ "$(count_lines "$out" "$re")" -ge 4 ]
	check_err $? "outer $name header not TOS 0x20, TTL 17: $out"
	# One inner flow: one source port (an ARP exchange may be captured
	# too, another flow, from another port).
	[ "$(ping_sports "$out" "$src")" -eq 1 ]
	check_err $? "the pings left from $(ping_sports "$out" "$src") outer source ports, not 1: $out"
}

test_encap_opts()
{
	RET=0
	encap_opts IPv4 "$NSC0" 0 10.42.0.2 0x42 \
		"id 42 dst_ip 192.0.2.2 dst_port 4789 tos 0x20 ttl 17" \
		192.0.2.1 "\(tos 0x20, ttl 17, .*proto UDP \(17\)"
	encap_opts IPv6 "$NSC1" 1 10.43.0.2 0x62 \
		"id 43 dst_ip 2001:db8::2 dst_port 4789 tos 0x20 ttl 17" \
		2001:db8::1 "\(class 0x20, (flowlabel 0x[0-9a-f]+, )?hlim 17, next-header UDP \(17\)"
	nl flow replace switch sw0 cookie 0x42 in_port vf0 action encap id 42 \
		dst_ip 192.0.2.2 dst_port 4789 output uplink &&
		nl flow replace switch sw0 cookie 0x62 in_port vf1 action encap \
			id 43 dst_ip 2001:db8::2 dst_port 4789 output uplink
	check_err $? "cannot put the encap flows back"
	log_test "encap tos 0x20 ttl 17: outer IPv4 TOS and TTL, IPv6 class and hop limit"
}

# Parallel TCP streams: distinct inner flows, distinct outer source ports
# (the inner flow's hash), for the underlay to spread them.
test_entropy()
{
	local out res n

	RET=0
	capture "$NSA" eth0 200 "udp port 4789 and src host 192.0.2.1"
	res=$(iperf3_run "$NSC0" 10.42.0.2 -P 4)
	[ -n "$res" ]
	check_err $? "iperf3 -P 4 over the tunnel failed"
	out=$(end_capture)
	n=$(sports "$out" 192.0.2.1)
	log_info "iperf3 -P 4: ${res:-failed} Mbit/s, $n outer UDP source ports"
	[ "$n" -ge 2 ]
	check_err $? "4 TCP streams left from $n outer UDP source port(s)"
	log_test "4 TCP streams: several outer UDP source ports (inner flow hash)"
}

test_csum()
{
	local out

	RET=0
	nl flow replace switch sw0 cookie 0x42 in_port vf0 action encap id 42 \
		dst_ip 192.0.2.2 dst_port 4789 nocsum output uplink
	check_err $? "cannot replace the encap flow with nocsum"
	nl flow get switch sw0 cookie 0x42 | grep -q " nocsum "
	check_err $? "flow get does not show nocsum"
	capture "$NSB" eth0 2 "udp port 4789 and src host 192.0.2.1" -vv
	ping_n "$NSC0" 10.42.0.2 2
	check_err $? "no ping over VXLAN without outer checksum"
	out=$(end_capture)
	[ "$(count_lines "$out" "192\.0\.2\.1\.[0-9]+ > 192\.0\.2\.2\.4789: \[no cksum\] VXLAN")" -ge 2 ]
	check_err $? "outer UDP checksum not 0: $out"

	nl flow replace switch sw0 cookie 0x42 in_port vf0 action encap id 42 \
		dst_ip 192.0.2.2 dst_port 4789 csum output uplink
	capture "$NSB" eth0 2 "udp port 4789 and src host 192.0.2.1" -vv
	ping_n "$NSC0" 10.42.0.2 2
	check_err $? "no ping over VXLAN with outer checksum"
	out=$(end_capture)
	# Set, computed or left to offload (what veth carries is partial).
	[ "$(count_lines "$out" "192\.0\.2\.1\.[0-9]+ > 192\.0\.2\.2\.4789: \[(udp sum ok|bad udp cksum 0x[0-9a-f]+ -> 0x[0-9a-f]+!)\] VXLAN")" -ge 2 ]
	check_err $? "outer UDP checksum not set with csum: $out"
	log_test "nocsum: outer UDP checksum 0 (IPv4); csum: set"
}

# garp NS DEV IP MAC: a gratuitous ARP request, as a host that changed its
# MAC sends.
garp()
{
	ip netns exec "$1" python3 -c '
import socket, sys
dev, ip, mac = sys.argv[1], socket.inet_aton(sys.argv[2]), bytes.fromhex(sys.argv[3].replace(":", ""))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((dev, 0))
s.send(b"\xff" * 6 + mac + b"\x08\x06" + b"\x00\x01\x08\x00\x06\x04\x00\x01" +
       mac + ip + b"\x00" * 6 + ip)
' "$2" "$3" "$4"
}

# ping_stream NSC DEST COUNT: pings, 10 a second, in the background;
# stream_wait waits for them and sets STREAM_GOT and STREAM_SENT to the
# numbers answered and sent.
# Not from a command substitution: its subshell cannot wait for the ping.
ping_stream()
{
	STREAM_OUT=$(mktemp)
	ip netns exec "$1" ping -c "$3" -i 0.1 -W 1 "$2" >"$STREAM_OUT" 2>&1 &
	STREAM_PID=$!
}

stream_wait()
{
	wait "$STREAM_PID"
	STREAM_GOT=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$STREAM_OUT")
	STREAM_SENT=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$STREAM_OUT")
	rm -f "$STREAM_OUT"
}

# stream_stop: end the pings now (ping prints its summary), as stream_wait.
stream_stop()
{
	kill -INT "$STREAM_PID" 2>/dev/null
	stream_wait
}

neigh_of_b()
{
	ip -n "$NSA" neigh show 192.0.2.2 dev sw0
}

test_neigh_flush()
{
	local out s0 s1 e1

	RET=0
	ping_ok "$NSC0" 10.42.0.2
	check_err $? "no ping over VXLAN before the flush"
	s0=$(fp_stat "$NSA" sw0 slow_path)
	# Until stopped below: how long A goes without B's MAC depends on
	# how fast the machine is.
	ping_stream "$NSC0" 10.42.0.2 600
	sleep 1
	capture_for 8 "$NSA" sw0_0 1 "icmp and src host 10.42.0.1"
	# B does not answer ARP until the representor has seen a ping, so
	# the stream cannot outrun the capture however slow the machine.
	tc -n "$NSB" qdisc add dev eth0 clsact &&
		tc -n "$NSB" filter add dev eth0 ingress pref 1 protocol arp \
			flower action drop
	check_err $? "cannot hold B's ARP back"
	ip -n "$NSA" neigh flush dev sw0
	# As soon as a ping came up the representor, not when the capture
	# ends: held longer, A's probes all go unanswered and its entry
	# fails before B may answer.
	busywait 8000 grep -q "ICMP echo request" "$CAPTURE"
	tc -n "$NSB" qdisc del dev eth0 clsact
	out=$(wait_capture)
	[ "$(count_lines "$out" "10\.42\.0\.1 > 10\.42\.0\.2: ICMP echo request")" -ge 1 ]
	check_err $? "with B's neighbour gone no ping came up the representor: $out"
	busywait 5000 sh -c "ip -n $NSA neigh show 192.0.2.2 dev sw0 | grep -q -E 'REACHABLE|STALE|DELAY|PROBE'"
	check_err $? "B's neighbour not resolved again: $(neigh_of_b)"
	sleep 0.5
	e1=$(fp_stat "$NSA" sw0 encap)
	sleep 1
	[ "$(fp_stat "$NSA" sw0 encap)" -ge $((e1 + 5)) ]
	check_err $? "the fast path did not take the stream again: encap $e1 -> $(fp_stat "$NSA" sw0 encap)"
	stream_stop
	log_info "neighbour flushed: $STREAM_GOT of $STREAM_SENT pings answered"
	# Lost: those that went up the representor while B's MAC was
	# unknown, and the one in flight when the stream was stopped.
	s1=$(fp_stat "$NSA" sw0 slow_path)
	[ -n "$STREAM_GOT" ] && [ $((STREAM_SENT - STREAM_GOT)) -le $((s1 - s0 + 1)) ]
	check_err $? "the stream lost more than the slow path took: $STREAM_GOT of $STREAM_SENT answered, slow_path $s0 -> $s1"
	e1=$(fp_stat "$NSA" sw0 encap)
	ping_n "$NSC0" 10.42.0.2 5 &&
		[ "$(fp_stat "$NSA" sw0 encap)" -ge $((e1 + 5)) ]
	check_err $? "pings after the stream not answered, or not through the fast path: encap $e1 -> $(fp_stat "$NSA" sw0 encap)"
	[ "$(fp_stat "$NSA" sw0 slow_path)" -gt "$s0" ]
	check_err $? "slow_path did not rise while B's MAC was unknown"
	log_test "neighbour not resolved: slow path, resolved again, fast path"
}

test_neigh_change()
{
	local out e1 got new=02:00:00:00:0b:02

	RET=0
	# 15 s of pings: room for the change and the capture after it, on a
	# slow machine too.
	ping_stream "$NSC0" 10.42.0.2 150
	sleep 1
	ip -n "$NSB" link set eth0 address "$new"
	check_err $? "cannot change B's MAC"
	garp "$NSB" eth0 192.0.2.2 "$new"
	check_err $? "cannot send a gratuitous ARP"
	busywait 3000 sh -c "ip -n $NSA neigh show 192.0.2.2 dev sw0 | grep -q 'lladdr $new'"
	check_err $? "A did not learn B's new MAC: $(neigh_of_b)"
	capture_for 8 "$NSB" eth0 3 "udp port 4789 and src host 192.0.2.1"
	out=$(wait_capture)
	[ "$(count_lines "$out" "^[0-9:.]+ $PFMAC > $new, .*192\.0\.2\.1\.[0-9]+ > 192\.0\.2\.2\.4789: VXLAN")" -ge 3 ]
	check_err $? "the stream is not sent to B's new MAC: $out"
	e1=$(fp_stat "$NSA" sw0 encap)
	sleep 1
	[ "$(fp_stat "$NSA" sw0 encap)" -ge $((e1 + 5)) ]
	check_err $? "the fast path does not carry the stream: encap $e1 -> $(fp_stat "$NSA" sw0 encap)"
	stream_wait
	got=$STREAM_GOT
	log_info "B's MAC changed: $got of 150 pings answered"
	[ -n "$got" ] && [ "$got" -ge 110 ]
	check_err $? "the stream did not follow B's new MAC: $got of 150 answered"
	BMAC=$new
	log_test "B's MAC changed mid-stream (gratuitous ARP): the stream follows"
}

# fp_drops: every drop of the fast path, whatever the reason.
fp_drops()
{
	fp_stat "$NSA" sw0 "drops | add"
}

# wire_to NAME SRC DST MAC: 3 VXLAN packets from SRC to DST leave the
# uplink for MAC. (A long timeout: tcpdump can be slow to start.)
wire_to()
{
	local out s0

	s0=$(fp_stat "$NSA" sw0 slow_path)
	capture_for 20 "$NSA" eth0 3 "udp port 4789 and src host $2 and ether dst $4"
	out=$(wait_capture)
	[ "$(count_lines "$out" "^[0-9:.]+ $PFMAC > $4, .*${2//./\\.}\.[0-9]+ > ${3//./\\.}\.4789: VXLAN")" -ge 3 ]
	check_err $? "$1: the stream does not go to $4 (slow_path $s0 -> $(fp_stat "$NSA" sw0 slow_path), $(ip -n "$NSA" neigh show dev sw0 | paste -sd,)): $out"
}

# route_change NAME NSC OVERLAY_PEER SRC REMOTE VIA: a ping stream from C
# to the overlay peer while A's route to REMOTE (B's address) goes via
# VIA (rt0) and back: the stream follows each route on the wire, from
# SRC, stays in the fast path, and loses no more than the time to
# resolve VIA.
route_change()
{
	local name=$1 nsc=$2 peer=$3 src=$4 remote=$5 via=$6 e1 d0 got plen=32

	[[ $remote == *:* ]] && plen=128
	d0=$(fp_drops)
	# 30 s of pings: room for two slow captures.
	ping_stream "$nsc" "$peer" 300
	sleep 1
	ip -n "$NSA" route replace "$remote/$plen" via "$via" dev sw0
	check_err $? "cannot route $remote via $via"
	wire_to "$name, via $via" "$src" "$remote" "$RTMAC"
	e1=$(fp_stat "$NSA" sw0 encap)
	sleep 1
	[ "$(fp_stat "$NSA" sw0 encap)" -ge $((e1 + 5)) ]
	check_err $? "$name, via $via: the fast path does not carry the stream: encap $e1 -> $(fp_stat "$NSA" sw0 encap)"
	ip -n "$NSA" route del "$remote/$plen" via "$via" dev sw0
	check_err $? "cannot delete the route via $via"
	wire_to "$name, direct again" "$src" "$remote" "$BMAC"
	stream_wait
	got=$STREAM_GOT
	log_info "$name: route changed twice, $got of 300 pings answered"
	[ -n "$got" ] && [ "$got" -ge 250 ]
	check_err $? "$name: the stream did not follow the routes: $got of 300 answered"
	[ "$(fp_drops)" -le $((d0 + 2)) ]
	check_err $? "$name: the fast path dropped packets: $d0 -> $(fp_drops)"
}

test_route_change()
{
	RET=0
	RTMAC=02:00:00:00:0b:03
	# rt0 alone answers ARP for its address, eth0 for B's; what rt0
	# receives for B's address is taken.
	ip netns exec "$NSB" sysctl -qw net.ipv4.conf.all.arp_ignore=1 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 &&
		ip -n "$NSB" link add rt0 link eth0 address "$RTMAC" \
			type macvlan mode bridge &&
		ip -n "$NSB" addr add 192.0.2.3/24 dev rt0 &&
		ip -n "$NSB" addr add 2001:db8::3/64 dev rt0 nodad &&
		ip -n "$NSB" link set rt0 up
	check_err $? "cannot give B a second next hop"
	route_change "VXLAN over IPv4" "$NSC0" 10.42.0.2 192.0.2.1 192.0.2.2 \
		192.0.2.3
	route_change "VXLAN over IPv6" "$NSC1" 10.43.0.2 2001:db8::1 \
		2001:db8::2 2001:db8::3
	ip -n "$NSB" link del rt0
	ip netns exec "$NSB" sysctl -qw net.ipv4.conf.all.arp_ignore=0
	log_test "route to the remote endpoint changed mid-stream, and back: the stream follows"
}

# mtu_edge NAME NSC VF OVERLAY_PEER FIT OUTER_SRC VF_MTU: with the VF's MTU
# that of the uplink (1500), pings of FIT + 1 bytes of ICMP data are one
# byte too large once encapsulated: dropped, counted, never on the wire;
# those of FIT bytes make outer IP packets of 1500, frames of 1514, and
# pass. The VF gets VF_MTU back.
mtu_edge()
{
	local name=$1 nsc=$2 vf=sw0v$3 peer=$4 fit=$5 src=$6 vf_mtu=$7
	local out t0 u0

	ip -n "$nsc" link set "$vf" mtu 1500
	check_err $? "the VF MTU cannot go up to the uplink's (1500)"
	t0=$(fp_stat "$NSA" sw0 drops.too_big)
	u0=$(ip netns exec "$NSA" cat /sys/class/net/eth0/statistics/tx_dropped)
	capture "$NSA" eth0 100 "udp port 4789"
	ip netns exec "$nsc" ping -c 3 -i 0.2 -W 1 -s $((fit + 1)) -M 'do' "$peer" >/dev/null 2>&1
	check_fail $? "$name: pings too large once encapsulated were answered"
	out=$(end_capture)
	! grep -q -E "${peer//./\\.}: ICMP echo request" <<<"$out" &&
		! grep -q -E "length (15[2-9][0-9]|1[6-9][0-9]{2}|[2-9][0-9]{3}):|\[\|" <<<"$out"
	check_err $? "$name: frames too large (or cut) left by the uplink: $out"
	[ "$(fp_stat "$NSA" sw0 drops.too_big)" -ge $((t0 + 3)) ]
	check_err $? "$name: drops too_big did not rise by 3: $t0 -> $(fp_stat "$NSA" sw0 drops.too_big)"
	[ "$(ip netns exec "$NSA" cat /sys/class/net/eth0/statistics/tx_dropped)" -eq "$u0" ]
	check_err $? "$name: the uplink dropped frames on transmit"

	# Not the ARP C may send first.
	capture "$NSB" eth0 3 "udp port 4789 and src host $src and greater 1500"
	ip netns exec "$nsc" ping -c 3 -i 0.2 -W 1 -s "$fit" -M 'do' "$peer" >/dev/null 2>&1
	check_err $? "$name: pings that just fit once encapsulated were not answered"
	out=$(end_capture)
	[ "$(count_lines "$out" "ethertype IPv[46] \(0x[0-9a-f]+\), length 1514: ${src//./\\.}\.[0-9]+ > [0-9a-f:.]+\.4789: VXLAN")" -ge 3 ]
	check_err $? "$name: no 1514-byte VXLAN frames on the wire: $out"
	ip -n "$nsc" link set "$vf" mtu "$vf_mtu"
}

test_mtu()
{
	RET=0
	# 1423 bytes of ICMP data: an IP packet of 1451, a frame of 1465, an
	# outer IPv4 packet of 1501: one byte too many.
	mtu_edge IPv4 "$NSC0" 0 10.42.0.2 1422 192.0.2.1 1450
	log_test "MTU, IPv4 underlay: too large after encap dropped (too_big), never sent; 1514 fits"
	RET=0
	# The outer IPv6 header is 20 bytes longer: 1403 bytes too many.
	mtu_edge IPv6 "$NSC1" 1 10.43.0.2 1402 2001:db8::1 1430
	log_test "MTU, IPv6 underlay: too large after encap dropped (too_big), never sent; 1514 fits"
}

test_del_under_traffic()
{
	local pid e0

	RET=0
	e0=$(fp_stat "$NSA" sw0 encap)
	ip netns exec "$NSC0" ping -f -W 1 10.42.0.2 >/dev/null 2>&1 &
	pid=$!
	ip netns exec "$NSC1" ping -i 0.01 -W 1 10.43.0.2 >/dev/null 2>&1 &
	pid="$pid $!"
	sleep 2
	[ "$(fp_stat "$NSA" sw0 encap)" -gt $((e0 + 10)) ]
	check_err $? "no tunnel traffic before the switch del"
	nl switch del name sw0
	check_err $? "switch del under tunnel traffic failed"
	# shellcheck disable=SC2086 # two pids
	kill $pid 2>/dev/null
	wait 2>/dev/null
	[ -z "$(ip -n "$NSA" -o link show | grep sw0)" ]
	check_err $? "switch netdevs left: $(ip -n "$NSA" -o link show | grep sw0)"
	[ -z "$(nl switch show)" ]
	check_err $? "a switch is still listed"
	log_test "switch del under tunnel traffic"
}

test_cleanup()
{
	[[ -n ${NSA:-} ]] && nl switch del name sw0 >/dev/null 2>&1
	ns_cleanup
	vxfp_unload
}

setup || { echo "FAIL: setup failed"; exit "$ksft_fail"; }
PFMAC=$(ip -n "$NSA" -j link show sw0 | jq -r '.[0].address')
BMAC=$(ip -n "$NSB" -j link show eth0 | jq -r '.[0].address')
test_v4
test_v6
test_gso
test_csum
test_encap_opts
test_entropy
test_neigh_flush
test_neigh_change
test_route_change
test_mtu
test_del_under_traffic
check_no_leftovers

exit "$EXIT_STATUS"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# VXLAN in the fast path against a stock kernel VXLAN device on the other
# end of the wire, over an IPv4 and an IPv6 underlay: encap and decap
# flows carry ping and iperf3 (TCP and UDP, both ways) between a VF and
# the peer's VXLAN device, with the representor and the PF (almost) idle;
# the VNI, the UDP port and the outer source (the PF's address, the flow
# gave none) seen on the wire; no outer UDP checksum with nocsum; the
# neighbour of the tunnel's next hop flushed (slow path until it is
# resolved again) and changed mid-stream (the stream follows the new
# MAC); frames too large once encapsulated dropped and counted, never put
# on the wire, while those that fit pass; the switch deleted under tunnel
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

# tunnel_ping NAME NSC VF OVERLAY_PEER OVERLAY_SELF OUTER_RE: pings both
# ways, what the wire shows, the counters.
tunnel_ping()
{
	local name=$1 nsc=$2 vf=$3 peer=$4 self=$5 outer=$6 out e0 d0 r0 p0

	# The first packets wait for B's MAC on the slow path.
	busywait 10000 ping_ok "$nsc" "$peer"
	check_err $? "C -> B over the tunnel does not ping"
	e0=$(fp_stat "$NSA" sw0 encap)
	d0=$(fp_stat "$NSA" sw0 decap)
	r0=$(pkts "$NSA" "sw0_$vf" rx)
	p0=$(pkts "$NSA" sw0 rx)
	capture "$NSB" eth0 4 10 "udp port 4789 and not src host 192.0.2.2 and not src host 2001:db8::2"
	ping_n "$nsc" "$peer" 4
	check_err $? "C -> B over the tunnel: 4 pings not all answered"
	out=$(wait_capture)
	[ "$(count_lines "$out" "$outer")" -ge 4 ]
	check_err $? "no VXLAN from the PF's address on the wire as expected: $out"
	ping_n "$NSB" "$self" 4
	check_err $? "B -> C over the tunnel: 4 pings not all answered"
	[ "$(fp_stat "$NSA" sw0 encap)" -ge $((e0 + 8)) ]
	check_err $? "encap did not rise by 8: $e0 -> $(fp_stat "$NSA" sw0 encap)"
	[ "$(fp_stat "$NSA" sw0 decap)" -ge $((d0 + 8)) ]
	check_err $? "decap did not rise by 8: $d0 -> $(fp_stat "$NSA" sw0 decap)"
	# The PF may see B's ARP or ND for its address (and the answers to
	# its own) now and then, never the 8 tunnelled packets.
	[ "$(pkts "$NSA" "sw0_$vf" rx)" -le $((r0 + 1)) ] &&
		[ "$(pkts "$NSA" sw0 rx)" -le $((p0 + 4)) ]
	check_err $? "the rep or the PF took tunnel traffic: sw0_$vf $r0 -> $(pkts "$NSA" "sw0_$vf" rx), sw0 $p0 -> $(pkts "$NSA" sw0 rx)"
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
		"^[0-9:.]+ $PFMAC > $BMAC, ethertype IPv4 .*: 192\.0\.2\.1\.[0-9]+ > 192\.0\.2\.2\.4789: VXLAN, flags \[I\] \(0x08\), vni 42$"
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
		"^[0-9:.]+ $PFMAC > $BMAC, ethertype IPv6 .*: 2001:db8::1\.[0-9]+ > 2001:db8::2\.4789: VXLAN, flags \[I\] \(0x08\), vni 43$"
	RET=0
	tunnel_iperf "VXLAN over IPv6" "$NSC1" 1 10.43.0.2
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
	capture "$NSB" eth0 2 10 "udp port 4789 and src host 192.0.2.1" -vv
	ping_n "$NSC0" 10.42.0.2 2
	check_err $? "no ping over VXLAN without outer checksum"
	out=$(wait_capture)
	[ "$(count_lines "$out" "192\.0\.2\.1\.[0-9]+ > 192\.0\.2\.2\.4789: \[no cksum\] VXLAN")" -ge 2 ]
	check_err $? "outer UDP checksum not 0: $out"

	nl flow replace switch sw0 cookie 0x42 in_port vf0 action encap id 42 \
		dst_ip 192.0.2.2 dst_port 4789 csum output uplink
	capture "$NSB" eth0 2 10 "udp port 4789 and src host 192.0.2.1" -vv
	ping_n "$NSC0" 10.42.0.2 2
	check_err $? "no ping over VXLAN with outer checksum"
	out=$(wait_capture)
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
# stream_wait waits for them and sets STREAM_GOT to the number answered.
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
	rm -f "$STREAM_OUT"
}

neigh_of_b()
{
	ip -n "$NSA" neigh show 192.0.2.2 dev sw0
}

test_neigh_flush()
{
	local out s0 e1 got

	RET=0
	ping_ok "$NSC0" 10.42.0.2
	check_err $? "no ping over VXLAN before the flush"
	s0=$(fp_stat "$NSA" sw0 slow_path)
	ping_stream "$NSC0" 10.42.0.2 80
	sleep 1
	capture "$NSA" sw0_0 1 8 "icmp and src host 10.42.0.1"
	# B does not answer ARP until the representor has seen a ping, so
	# the stream cannot outrun the capture however slow the machine.
	tc -n "$NSB" qdisc add dev eth0 clsact &&
		tc -n "$NSB" filter add dev eth0 ingress pref 1 protocol arp \
			flower action drop
	check_err $? "cannot hold B's ARP back"
	ip -n "$NSA" neigh flush dev sw0
	out=$(wait_capture)
	tc -n "$NSB" qdisc del dev eth0 clsact
	[ "$(count_lines "$out" "10\.42\.0\.1 > 10\.42\.0\.2: ICMP echo request")" -ge 1 ]
	check_err $? "with B's neighbour gone no ping came up the representor: $out"
	busywait 5000 sh -c "ip -n $NSA neigh show 192.0.2.2 dev sw0 | grep -q -E 'REACHABLE|STALE|DELAY|PROBE'"
	check_err $? "B's neighbour not resolved again: $(neigh_of_b)"
	sleep 0.5
	e1=$(fp_stat "$NSA" sw0 encap)
	sleep 1
	[ "$(fp_stat "$NSA" sw0 encap)" -ge $((e1 + 5)) ]
	check_err $? "the fast path did not take the stream again: encap $e1 -> $(fp_stat "$NSA" sw0 encap)"
	stream_wait
	got=$STREAM_GOT
	log_info "neighbour flushed: $got of 80 pings answered"
	[ -n "$got" ] && [ "$got" -ge 60 ]
	check_err $? "the stream did not recover: $got of 80 answered"
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
	capture "$NSB" eth0 3 8 "udp port 4789 and src host 192.0.2.1"
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

test_mtu()
{
	local out t0 d0 u0

	RET=0
	ip -n "$NSC0" link set sw0v0 mtu 1500
	check_err $? "the VF MTU cannot go up to the uplink's (1500)"
	t0=$(fp_stat "$NSA" sw0 drops.too_big)
	u0=$(ip netns exec "$NSA" cat /sys/class/net/eth0/statistics/tx_dropped)
	# 1423 bytes of ICMP data: an IP packet of 1451, a frame of 1465, an
	# outer IP packet of 1501: one byte too many.
	capture "$NSA" eth0 100 6 "udp port 4789"
	ip netns exec "$NSC0" ping -c 3 -i 0.2 -W 1 -s 1423 -M 'do' 10.42.0.2 >/dev/null 2>&1
	check_fail $? "pings too large once encapsulated were answered"
	out=$(wait_capture)
	! grep -q -E "10\.42\.0\.1 > 10\.42\.0\.2: ICMP echo request" <<<"$out" &&
		! grep -q -E "length (15[2-9][0-9]|1[6-9][0-9]{2}|[2-9][0-9]{3}):|\[\|" <<<"$out"
	check_err $? "frames too large (or cut) left by the uplink: $out"
	[ "$(fp_stat "$NSA" sw0 drops.too_big)" -ge $((t0 + 3)) ]
	check_err $? "drops too_big did not rise by 3: $t0 -> $(fp_stat "$NSA" sw0 drops.too_big)"
	[ "$(ip netns exec "$NSA" cat /sys/class/net/eth0/statistics/tx_dropped)" -eq "$u0" ]
	check_err $? "the uplink dropped frames on transmit"

	# 1422 bytes: an outer IP packet of 1500, a frame of 1514: it fits.
	capture "$NSB" eth0 3 10 "udp port 4789 and src host 192.0.2.1"
	ip netns exec "$NSC0" ping -c 3 -i 0.2 -W 1 -s 1422 -M 'do' 10.42.0.2 >/dev/null 2>&1
	check_err $? "pings that just fit once encapsulated were not answered"
	out=$(wait_capture)
	[ "$(count_lines "$out" "ethertype IPv4 \(0x0800\), length 1514: 192\.0\.2\.1\.[0-9]+ > 192\.0\.2\.2\.4789: VXLAN")" -ge 3 ]
	check_err $? "no 1514-byte VXLAN frames on the wire: $out"
	ip -n "$NSC0" link set sw0v0 mtu 1450
	log_test "MTU: too large after encap dropped (too_big), never sent; 1514 fits"
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
test_csum
test_neigh_flush
test_neigh_change
test_mtu
test_del_under_traffic
check_no_leftovers

exit "$EXIT_STATUS"

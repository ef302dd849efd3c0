#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The data-path half of make bench, run as root in the VM (or, for the
# datapaths that need neither vxfp nor Open vSwitch, on any host with
# network namespaces): the same two hosts for every datapath, rebuilt from
# scratch for each; a container on host A talks to host B, across a veth
# "wire", over VXLAN VNI 42; host B always uses the stock vxlan driver.
#
#   ns C (container)       ns A (host A)                         ns B (host B)
#   +---------------+      +----------------------------------+  +-----------------+
#   | c0 or sw0v0   |      |  the datapath under test:        |  | vx0: VNI 42,    |
#   | (the "VF")    +------+  veth         bridge, no tunnel  |  |  remote .1      |
#   | 10.42.0.1/24  |      |  bridge+vxlan bridge, vxlan0     |  |  10.42.0.2/24   |
#   | mtu 1450      |      |  ovs-kernel   OVS, kernel dp     |  |  iperf3 -s,     |
#   +---------------+      |  ovs-tc       OVS, tc (software) |  |  rr -s          |
#                          |  vxfp         OVS -> tc -> vxfp  |  |                 |
#                          |  vxfp-direct  nlctl flows        |  |                 |
#                          |  eth0 (or PF sw0) 192.0.2.1/24 --+--+ eth0 192.0.2.2  |
#                          +----------------------------------+  +-----------------+
#
#   veth: no tunnel at all, an upper bound: A bridges c0's peer onto the
#   wire and B has 10.42.0.2 on its eth0.
#
# For each datapath, BENCH_REPS times: single-stream TCP and 8-stream TCP
# (iperf3, Gbit/s received), 64-byte UDP (iperf3 -u -l 64 -b 0, packets
# per second received), 64-byte frames from pktgen in C (frames per second
# reaching B's end of the wire, where they are dropped: A's datapath
# alone) and TCP request/response (rr, both ends on one CPU: mean and p99
# round trip); the machine's CPU time per packet (UDP, pktgen) and per
# transaction (rr).
# Each figure is one "BENCH {...}" line (tools/bench/lib.sh), read by
# tools/bench/bench; a datapath that cannot be set up is reported as
# failed or skipped, with why, and the others still run.
#
#   datapaths.sh [DATAPATH...]    (default: BENCH_DATAPATHS, else all)
#
# Environment: BENCH_TIME (seconds per run, default 4), BENCH_REPS
# (default 3), BENCH_RR_CPU (the CPU of rr's ends, default 0; none),
# VXFP_KO, NLCTL, BENCH_BIN (where rr and sampler are).

# shellcheck disable=SC2317 # functions called by name (setup_*, defer)
set -u
# shellcheck source=tools/bench/lib.sh
source "$(dirname "$0")/lib.sh"

ALL_DATAPATHS="veth bridge+vxlan ovs-kernel ovs-tc vxfp vxfp-direct"
METRICS="tcp1 tcp8 udp64 pps64 rr"
IP_C=10.42.0.1
IP_B=10.42.0.2
UL_A=192.0.2.1
UL_B=192.0.2.2
RUN_TIMEOUT=$((BENCH_TIME + 30))
# rr's client and server on one CPU (BENCH_RR_CPU, default 0; "none": as
# the scheduler likes), as netperf -T: a round trip then never waits for
# an idle CPU to wake up, which under TCG costs more than the datapath.
RR_PIN=()
if [[ ${BENCH_RR_CPU:-0} != none ]] && command -v taskset >/dev/null; then
	RR_PIN=(taskset -c "${BENCH_RR_CPU:-0}")
fi

# ------------------------------------------------------------- topology

# hosts: ns A, B and C, the wire, and B's end of the tunnel (unless
# NO_TUNNEL=1, for veth).
hosts()
{
	ns_make NSA NSB NSC || return 1
	ip -n "$NSA" link add eth0 type veth peer name eth0 netns "$NSB" &&
		ip -n "$NSA" link set eth0 up &&
		ip -n "$NSB" link set eth0 up || return 1
	if ((${NO_TUNNEL:-0})); then
		ip -n "$NSB" addr add "$IP_B/24" dev eth0
		BDEV=eth0
		return
	fi
	ip -n "$NSB" addr add "$UL_B/24" dev eth0 &&
		ip -n "$NSB" link add vx0 type vxlan id 42 local "$UL_B" \
			remote "$UL_A" dstport 4789 dev eth0 &&
		ip -n "$NSB" addr add "$IP_B/24" dev vx0 &&
		ip -n "$NSB" link set vx0 up || return 1
	BDEV=vx0
}

# container: C's veth c0 (10.42.0.1/24, MTU 1450: room for VXLAN), its
# peer c0a in A, up.
container()
{
	ip -n "$NSC" link add c0 type veth peer name c0a netns "$NSA" &&
		ip -n "$NSC" addr add "$IP_C/24" dev c0 &&
		ip -n "$NSC" link set c0 mtu 1450 up &&
		ip -n "$NSA" link set c0a mtu 1450 up || return 1
	CDEV=c0
}

underlay_a()
{
	ip -n "$NSA" addr add "$UL_A/24" dev "$1" && ip -n "$NSA" link set "$1" up
}

# A vxfp switch over A's eth0 in switchdev mode, its PF sw0 on the
# underlay, VF 0 handed to C.
vxfp_switch()
{
	vxfp_load || return 1
	ip netns exec "$NSA" "$NLCTL" switch add name sw0 uplink eth0 vfs 1 \
		mode switchdev || return 1
	defer ip netns exec "$NSA" "$NLCTL" switch del name sw0
	underlay_a sw0 || return 1
	ip -n "$NSA" link set sw0v0 netns "$NSC" &&
		ip -n "$NSC" addr add "$IP_C/24" dev sw0v0 &&
		ip -n "$NSC" link set sw0v0 mtu 1450 up &&
		ip -n "$NSA" link set sw0_0 up || return 1
	CDEV=sw0v0
}

ovs_bridge()
{
	# $1: the container's port in A
	vsctl add-br br-int &&
		vsctl add-port br-int "$1" &&
		vsctl add-port br-int vxlan0 -- set Interface vxlan0 type=vxlan \
			options:remote_ip="$UL_B" options:key=42 \
			options:dst_port=4789 || return 1
	ip -n "$NSA" link set br-int up
}

# ------------------------------------------------------------ datapaths
# setup_DP: build the datapath in fresh namespaces; SKIP_REASON set and
# return 1 if it cannot be (vxfp or OVS missing).

setup_veth()
{
	NO_TUNNEL=1 hosts && container || return 1
	ip -n "$NSA" link add br0 type bridge &&
		ip -n "$NSA" link set c0a master br0 &&
		ip -n "$NSA" link set eth0 master br0 &&
		ip -n "$NSA" link set br0 up
}

setup_bridge_vxlan()
{
	hosts && container && underlay_a eth0 || return 1
	ip -n "$NSA" link add vxlan0 type vxlan id 42 local "$UL_A" \
		remote "$UL_B" dstport 4789 dev eth0 &&
		ip -n "$NSA" link add br0 type bridge &&
		ip -n "$NSA" link set c0a master br0 &&
		ip -n "$NSA" link set vxlan0 master br0 &&
		ip -n "$NSA" link set vxlan0 up &&
		ip -n "$NSA" link set br0 up
}

need_ovs()
{
	ovs_available && return 0
	SKIP_REASON="Open vSwitch or its kernel module not available"
	return 1
}

need_vxfp()
{
	SKIP_REASON="no nlctl at $NLCTL"
	[[ -x $NLCTL ]] || return 1
	[[ -d /sys/module/vxfp ]] && return 0
	SKIP_REASON="no vxfp module for $(uname -r) at $VXFP_KO"
	[[ -f $VXFP_KO && $(modinfo -F vermagic "$VXFP_KO" 2>/dev/null |
			   awk '{print $1}') == "$(uname -r)" ]] || return 1
	SKIP_REASON=
}

setup_ovs_kernel()
{
	need_ovs || return 1
	hosts && container && underlay_a eth0 || return 1
	ovs_start "$NSA" false && ovs_bridge c0a
}

setup_ovs_tc()
{
	need_ovs || return 1
	hosts && container && underlay_a eth0 || return 1
	ovs_start "$NSA" true && ovs_bridge c0a
}

setup_vxfp()
{
	need_vxfp && need_ovs || return 1
	hosts && vxfp_switch || return 1
	ovs_start "$NSA" true && ovs_bridge sw0_0
}

setup_vxfp_direct()
{
	need_vxfp || return 1
	hosts && vxfp_switch || return 1
	# nocsum: no outer UDP checksum, as the vxlan driver and OVS's
	# VXLAN ports have it by default over IPv4
	ip netns exec "$NSA" "$NLCTL" flow add switch sw0 cookie 1 \
		in_port vf0 action encap id 42 dst_ip "$UL_B" dst_port 4789 \
		nocsum output uplink &&
		ip netns exec "$NSA" "$NLCTL" flow add switch sw0 cookie 2 \
			enc_key_id 42 enc_src_ip "$UL_B" enc_dst_ip "$UL_A" \
			enc_dst_port 4789 action decap output vf0
}

# ------------------------------------------------------------ servers

iperf3_listening()
{
	ip netns exec "$NSB" ss -Hltn 'sport = :5201' | grep -q .
}

rr_listening()
{
	ip netns exec "$NSB" ss -Hltn 'sport = :5301' | grep -q .
}

# iperf3 and rr servers in B; iperf3 restarted after a failed run.
iperf3_start()
{
	local pidfile=$BENCH_TMP/iperf3.pid

	[[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null
	rm -f "$pidfile"
	ip netns exec "$NSB" iperf3 -s -D -I "$pidfile" || return 1
	busywait 10000 iperf3_listening
}

servers_start()
{
	iperf3_start || return 1
	ip netns exec "$NSB" "${RR_PIN[@]}" "$BENCH_BIN/rr" -s -T 3600 &
	defer kill $!
	busywait 10000 rr_listening
}

# ------------------------------------------------------------ measuring

# sampler_start / sampler_stop: the sampler in B, on B's overlay netdev
# (sampler_start_on NS DEV: on another).
sampler_start_on()
{
	ip netns exec "$1" "$BENCH_BIN/sampler" -d "$2" -i 250 \
		-n $((RUN_TIMEOUT * 4)) >"$BENCH_TMP/samples" 2>/dev/null &
	SAMPLER=$!
}

sampler_start()
{
	sampler_start_on "$NSB" "$BDEV"
}

sampler_stop()
{
	kill "$SAMPLER" 2>/dev/null
	wait "$SAMPLER" 2>/dev/null
}

# steady: from the samples, the intervals where at least half the peak
# packet rate reached B: "CPU_NS_PER_PKT CPU_UTIL_PCT PKTS SECS" (CPU
# time of every CPU, utilisation of the whole machine).
steady()
{
	awk -v hz="$(getconf CLK_TCK)" '
	{ t[NR] = $1; b[NR] = $2; tot[NR] = $3; p[NR] = $4 }
	END {
		for (i = 2; i <= NR; i++)
			if (p[i] - p[i - 1] > max)
				max = p[i] - p[i - 1]
		for (i = 2; i <= NR && max > 0; i++) {
			if (p[i] - p[i - 1] < max / 2)
				continue
			pk += p[i] - p[i - 1]; bu += b[i] - b[i - 1]
			to += tot[i] - tot[i - 1]; ms += t[i] - t[i - 1]
		}
		if (pk == 0 || to == 0) { print "null null 0 0"; exit }
		printf "%.1f %.1f %d %.2f\n", bu / hz * 1e9 / pk,
			100 * bu / to, pk, ms / 1000
	}' "$BENCH_TMP/samples"
}

in_c() { ip netns exec "$NSC" timeout "$RUN_TIMEOUT" "$@"; }

iperf3_json()
{
	in_c iperf3 -c "$IP_B" -t "$BENCH_TIME" -J --connect-timeout 5000 "$@" \
		2>/dev/null
}

# run_METRIC DP REP: one run, one BENCH line (or one with an error).
run_tcp()
{
	local dp=$1 rep=$2 metric=$3 json gbps retr cpu util

	shift 3
	sampler_start
	((rep == 1)) && perf_start "$dp-$metric"
	json=$(iperf3_json "$@")
	perf_stop
	sampler_stop
	read -r _ util _ _ < <(steady)
	gbps=$(jq -r '.end.sum_received.bits_per_second / 1e9 | . * 1000 | round / 1000' \
	       <<<"$json" 2>/dev/null)
	retr=$(jq -r '.end.sum_sent.retransmits // empty' <<<"$json" 2>/dev/null)
	if [[ -z $gbps || $gbps == null ]]; then
		emit run dp="$dp" metric="$metric" rep="$rep" \
			error="iperf3: $(jq -r '.error // "no result"' <<<"$json" 2>/dev/null)"
		iperf3_start
		return 1
	fi
	emit run dp="$dp" metric="$metric" rep="$rep" value="$gbps" \
		unit=Gbit/s retransmits="$retr" cpu_util_pct="$util"
}

run_udp64()
{
	local dp=$1 rep=$2 json rx tx lost secs cpu util pk ss

	sampler_start
	json=$(iperf3_json -u -l 64 -b 0)
	sampler_stop
	read -r cpu util pk ss < <(steady)
	read -r rx tx lost secs < <(jq -r '.end |
		"\(.sum_received.packets - .sum_received.lost_packets) \(.sum_sent.packets) \(.sum_received.lost_percent) \(.sum_received.seconds)"' \
		<<<"$json" 2>/dev/null)
	if [[ -z $rx || $rx == null || -z $secs || $secs == null ]]; then
		emit run dp="$dp" metric=udp64 rep="$rep" \
			error="iperf3: $(jq -r '.error // "no result"' <<<"$json" 2>/dev/null)"
		iperf3_start
		return 1
	fi
	emit run dp="$dp" metric=udp64 rep="$rep" \
		value="$(awk -v n="$rx" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')" \
		unit=pps sent_pps="$(awk -v n="$tx" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')" \
		lost_pct="$(awk -v l="$lost" 'BEGIN { printf "%.1f", l }')" \
		cpu_ns_per_pkt="$cpu" cpu_util_pct="$util" cpu_pkts="$pk" cpu_secs="$ss"
	[[ $cpu == null ]] ||
		emit run dp="$dp" metric=udp64_cpu rep="$rep" value="$cpu" unit=ns/pkt
}

# pps64: pktgen in C sends 64-byte frames (60 and the FCS) of one UDP flow
# to B as fast as it can, for BENCH_TIME seconds after one of warm-up (the
# flow's OVS or tc entry in place). B drops them as they arrive on its end
# of the wire (a flower rule on eth0's ingress, UDP only: ARP still
# answers), so what is timed is what A's datapath costs, not B's
# decapsulation and socket, which iperf3's figure includes.
PKTGEN=/proc/net/pktgen

pktgen_set()
{
	local f=$1

	shift
	ip netns exec "$NSC" sh -c "echo '$*' >$PKTGEN/$f" || return 1
	ip netns exec "$NSC" grep -q '^Result: OK' "$PKTGEN/$f" 2>/dev/null ||
		[[ $f == pgctrl ]]
}

pktgen_setup()
{
	local mac cmd

	[[ -d /sys/module/pktgen ]] || modprobe -q pktgen || return 1
	mac=$(ip -n "$NSB" -j link show "$BDEV" | jq -r '.[0].address')
	pktgen_set kpktgend_0 rem_device_all &&
		pktgen_set kpktgend_0 "add_device $CDEV" || return 1
	for cmd in "count 0" "clone_skb 0" "pkt_size 60" "delay 0" "burst 1" \
		   "dst $IP_B" "src_min $IP_C" "src_max $IP_C" "dst_mac $mac" \
		   "udp_src_min 9" "udp_src_max 9" "udp_dst_min 9" "udp_dst_max 9"; do
		pktgen_set "$CDEV" "$cmd" || return 1
	done
}

run_pps64()
{
	local dp=$1 rep=$2 pg rx0 rx1 t0 t1 cpu util pk ss err=

	if ! pktgen_setup 2>/dev/null; then
		emit run dp="$dp" metric=pps64 rep="$rep" error="pktgen: cannot set up on $CDEV"
		return 1
	fi
	tc -n "$NSB" qdisc add dev eth0 clsact &&
		tc -n "$NSB" filter add dev eth0 ingress protocol ip pref 1 \
			flower ip_proto udp action drop || err="tc: no drop rule in B"
	ip netns exec "$NSC" sh -c "echo start >$PKTGEN/pgctrl" &
	pg=$!
	sleep 1
	sampler_start_on "$NSB" eth0
	t0=$(bench_now)
	rx0=$(pkts "$NSB" eth0 rx)
	((rep == 1)) && perf_start "$dp"
	sleep "$BENCH_TIME"
	perf_stop
	rx1=$(pkts "$NSB" eth0 rx)
	t1=$(bench_now)
	sampler_stop
	ip netns exec "$NSC" sh -c "echo stop >$PKTGEN/pgctrl"
	wait "$pg"
	tc -n "$NSB" qdisc del dev eth0 clsact 2>/dev/null
	pktgen_set kpktgend_0 rem_device_all
	read -r cpu util pk ss < <(steady)
	if [[ -n $err || -z $rx0 || -z $rx1 ]] || ((rx1 <= rx0)); then
		emit run dp="$dp" metric=pps64 rep="$rep" \
			error="${err:-no frames reached B}"
		return 1
	fi
	emit run dp="$dp" metric=pps64 rep="$rep" unit=pps \
		value="$(awk -v n=$((rx1 - rx0)) -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')" \
		cpu_ns_per_pkt="$cpu" cpu_util_pct="$util" cpu_pkts="$pk" cpu_secs="$ss"
	[[ $cpu == null ]] ||
		emit run dp="$dp" metric=pps64_cpu rep="$rep" value="$cpu" unit=ns/pkt
}

run_rr()
{
	local dp=$1 rep=$2 json

	json=$(in_c "${RR_PIN[@]}" "$BENCH_BIN/rr" -c "$IP_B" -t "$BENCH_TIME" \
	       -w 0.5 2>&1)
	if ! jq -e '.trans > 0' <<<"$json" >/dev/null 2>&1; then
		emit run dp="$dp" metric=rr rep="$rep" error="rr: $json"
		return 1
	fi
	emit run dp="$dp" metric=rr_mean rep="$rep" unit=us \
		value="$(jq '.mean_us' <<<"$json")" detail:="$json"
	emit run dp="$dp" metric=rr_p99 rep="$rep" unit=us \
		value="$(jq '.p99_us' <<<"$json")"
	emit run dp="$dp" metric=rr_cpu rep="$rep" unit=us/trans \
		value="$(jq '.cpu_busy_s * 1e6 / .trans | . * 100 | round / 100' <<<"$json")"
}

# ------------------------------------------------------------ evidence
# What shows where the packets went: the switch's fast-path counters, the
# representor's and the PF's packets (the slow path), OVS's datapath flows
# and where they are (dp:ovs, dp:tc, offloaded:yes).

counters()
{
	local dp=$1 out

	case $dp in
	vxfp|vxfp-direct)
		out=$(ip netns exec "$NSA" "$NLCTL" -s -j switch show name sw0 |
		      jq -c '.[0].fastpath')
		printf '{"fastpath": %s, "rep_rx": %s, "rep_tx": %s, "pf_rx": %s}' \
			"${out:-null}" "$(pkts "$NSA" sw0_0 rx)" \
			"$(pkts "$NSA" sw0_0 tx)" "$(pkts "$NSA" sw0 rx)"
		;;
	*)
		printf '{"c_tx": %s}' "$(pkts "$NSC" "$CDEV" tx)"
		;;
	esac
}

ovs_flows()
{
	local flows

	[[ -n $OVS_DIR ]] || { echo null; return; }
	flows=$(appctl dpctl/dump-flows -m type=all 2>/dev/null)
	printf '{"flows": %d, "dp_ovs": %d, "dp_tc": %d, "offloaded": %d, "warnings": %d}' \
		"$(grep -c '^ufid:' <<<"$flows")" \
		"$(grep -c ' dp:ovs' <<<"$flows")" \
		"$(grep -c ' dp:tc' <<<"$flows")" \
		"$(grep -c 'offloaded:yes' <<<"$flows")" \
		"$(grep -E '\|(WARN|ERR)\|' "$OVS_DIR/ovs-vswitchd.log" 2>/dev/null |
		   grep -vc '|timeval|')"
}

# OVS's complaints, but for its timeval module's (slow polls, which TCG
# makes common).
ovs_warnings()
{
	[[ -n $OVS_DIR ]] || return 0
	grep -E '\|(WARN|ERR)\|' "$OVS_DIR/ovs-vswitchd.log" 2>/dev/null |
		grep -v '|timeval|' | cut -d'|' -f3- | cut -c1-160 | sort |
		uniq -c | sort -rn | head -n 4
}

# The datapath flows OVS has that are not in hardware (not offloaded to
# vxfp), abridged.
ovs_not_offloaded()
{
	[[ -n $OVS_DIR ]] || return 0
	appctl dpctl/dump-flows -m --names type=all 2>/dev/null |
		grep '^ufid:' | grep -v 'offloaded:yes' |
		sed -E -e 's/^ufid:[^ ]* //' -e 's/, used:[^,]*//' \
			-e 's/[a-z_]+\((0\/0|ns=0\/0,id=0\/0)\),//g' |
		cut -c1-400 | head -n 4
}

# ------------------------------------------------------------ one datapath

warm_up()
{
	local dp=$1

	busywait 30000 ip netns exec "$NSC" ping -c 1 -W 1 "$IP_B" >/dev/null 2>&1 ||
		return 1
	ip netns exec "$NSC" ping -c 3 -i 0.2 -W 1 "$IP_B" >/dev/null 2>&1
	# the flows of TCP and UDP in place (OVS, tc) before timing
	in_c iperf3 -c "$IP_B" -t 1 --connect-timeout 5000 >/dev/null 2>&1
	in_c iperf3 -c "$IP_B" -t 1 -u -b 10M --connect-timeout 5000 >/dev/null 2>&1
	in_c "$BENCH_BIN/rr" -c "$IP_B" -t 0.5 -w 0 >/dev/null 2>&1
	sleep 1
}

bench_datapath()
{
	local dp=$1 fn t0 c0 c1 rep metric ok=1 w ready

	fn=setup_${dp//[-+]/_}
	if ! declare -F "$fn" >/dev/null; then
		emit dp dp="$dp" status=failed reason="unknown datapath"
		return
	fi
	log "datapath $dp: setting up"
	t0=$(bench_now)
	SKIP_REASON=
	if ! "$fn" >"$BENCH_TMP/setup.log" 2>&1; then
		if [[ -n $SKIP_REASON ]]; then
			emit dp dp="$dp" status=skipped reason="$SKIP_REASON"
		else
			emit dp dp="$dp" status=failed \
				reason="setup failed: $(tail -n 3 "$BENCH_TMP/setup.log") $(ovs_log_tail ovs-vswitchd)"
		fi
		teardown
		return
	fi
	if ! servers_start; then
		emit dp dp="$dp" status=failed reason="iperf3 or rr server did not start in B"
		teardown
		return
	fi
	if ! warm_up "$dp"; then
		emit dp dp="$dp" status=failed \
			reason="C does not reach B ($IP_B) over $dp" \
			ovs:="$(ovs_flows)" counters:="$(counters "$dp")"
		teardown
		return
	fi
	ready=$(elapsed "$t0" "$(bench_now)")
	log "datapath $dp: ready in $ready s; measuring"
	c0=$(counters "$dp")
	for ((rep = 1; rep <= BENCH_REPS; rep++)); do
		for metric in $METRICS; do
			case $metric in
			tcp1) run_tcp "$dp" "$rep" tcp1 ;;
			tcp8) run_tcp "$dp" "$rep" tcp8 -P 8 ;;
			udp64) run_udp64 "$dp" "$rep" ;;
			pps64) run_pps64 "$dp" "$rep" ;;
			rr) run_rr "$dp" "$rep" ;;
			esac || ok=0
			sleep 0.5
		done
	done
	c1=$(counters "$dp")
	emit dp dp="$dp" status="$( ((ok)) && echo ok || echo errors)" \
		ready_s="$ready" total_s="$(elapsed "$t0" "$(bench_now)")" \
		counters_before:="$c0" counters_after:="$c1" ovs:="$(ovs_flows)"
	while read -r w; do
		[[ -n $w ]] && emit ovs_warning dp="$dp" line="$w"
	done < <(ovs_warnings)
	if [[ $dp == vxfp ]]; then
		while read -r w; do
			[[ -n $w ]] && emit ovs_not_offloaded dp="$dp" flow="$w"
		done < <(ovs_not_offloaded)
	fi
	teardown
}

teardown()
{
	run_deferred
	ns_remove_all
	OVS_DIR=
	rm -f "$BENCH_TMP/iperf3.pid"
}

# ------------------------------------------------------------ main

[[ $(id -u) == 0 ]] || { log "needs root"; exit 1; }
for c in iperf3 jq ss "$BENCH_BIN/rr" "$BENCH_BIN/sampler"; do
	command -v "$c" >/dev/null || { log "$c not found"; exit 1; }
done
# What every datapath needs, left loaded (the VM is thrown away). Open
# vSwitch's module too, before the first datapath: loaded, it turns
# connection tracking on in every netns (so the stacks of B and C track
# each connection), and the datapaths measured before it is loaded would
# otherwise be spared that cost.
for m in veth vxlan bridge sch_ingress cls_flower act_mirred act_tunnel_key \
	 act_gact pktgen openvswitch; do
	[[ -d /sys/module/$m ]] || modprobe -q "$m" 2>/dev/null
done
emit facts openvswitch_module="$([[ -d /sys/module/openvswitch ]] &&
	echo loaded || echo absent)"

datapaths=${*:-${BENCH_DATAPATHS:-$ALL_DATAPATHS}}
datapaths=${datapaths//,/ }
for dp in $datapaths; do
	bench_datapath "$dp"
done
exit 0

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Faults under traffic: each fault of FAULTS gets a fresh topology, TCP
# (iperf3) and ping traffic from a VF to the wire that is checked to be
# flowing, then the fault; the switch must survive it or go away whole,
# and every fault ends with nothing left behind (switches, netdevs, devlink
# instances, vxfp devices) and a clean kernel log. kmemleak, where the
# kernel has it, checks the lot at the end.
#
#   ns C0            ns C1                ns A                  ns B
#   +-----------+    +-----------+    +-------------------+    +---------------+
#   | sw0v0     |    | sw0v1     |    | sw0 (PF)          |    | eth0          |
#   | 192.0.2.1 |    | 192.0.2.2 |    | 192.0.2.10        |    | 192.0.2.100   |
#   +-----|-----+    +-----|-----+    |  eth0 (uplink) ---+----+ iperf3 -s     |
#         |                |          |  eth1 (spare) ----+----+ eth1          |
#         +--- switch sw0 (legacy; switchdev where a fault says) +---------------+
#
# Where a fault says, sw0 goes to switchdev mode with flows that carry
# VF 0's traffic to and from the wire in the fast path (fast_path_up), and
# the fault comes once they are seen hit; neigh_flap puts VF 0 behind a
# VXLAN tunnel to a stock vxlan device in B instead:
#
#   ns C0                ns A (sw0 switchdev)          ns B
#   sw0v0 10.42.0.1 -- encap VNI 42 to 192.0.2.100 --> vx0 10.42.0.2
#                   <-- decap from 192.0.2.100 -------
#
# A fault is a function fault_NAME, added to FAULTS; it sets RET with
# check_err and may assume the topology above with traffic flowing
# (traffic_start has run). Background churn that every fault should meet
# goes into CHURN as churn_NAME functions, each looping until $CHURN_UNTIL
# (seconds since the epoch): CHURN=flows runs churn_flows under every
# fault (its flows are refused while sw0 is in legacy mode, which is fine:
# only a crash of nlctl counts).
#
# FAULTS="rmmod mode_flip" runs a subset; WRITERS_TIME (default 10) bounds
# the concurrent writers; CHURN_TIME (default 60) and CHURN_OPS (default
# 1000000) the flow churn, CHURN_BATCH (default 20000) its flows a round;
# NEIGH_TIME (default 15) and NEIGH_FLAPS (default 300) the neighbour
# flapping.

# shellcheck disable=SC2317 # the faults and churns are called by name

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_root
require_cmd iperf3 devlink jq python3 ping
require_nlctl
require_vxfp

ALL_FAULTS=(rmmod uplink_del pf_del switch_del vf_netns_del rep_del
	    rep_netns_del mode_flip flow_churn writers neigh_flap fail_nth)
read -r -a FAULTS <<<"${FAULTS:-${ALL_FAULTS[*]}}"
read -r -a CHURN <<<"${CHURN:-}"
: "${WRITERS_TIME:=10}"
: "${CHURN_TIME:=60}" "${CHURN_OPS:=1000000}" "${CHURN_BATCH:=20000}"
: "${NEIGH_TIME:=15}" "${NEIGH_FLAPS:=300}"
DIR=$(dirname "$0")
IPERF_PORT=5201
# Where traffic_start sends to: B's address on the wire, or over a tunnel.
TRAFFIC_DST=192.0.2.100
TRAFFIC_PIDS=()
CHURN_PIDS=()

nl()
{
	ip netns exec "$NSA" "$NLCTL" "$@"
}

# ------------------------------------------------------------- topology

topo_up()
{
	ns_create NSA NSB NSC0 NSC1 || return 1
	wire_create "$NSA" "$NSB" 192.0.2.100/24 || return 1
	ip -n "$NSA" link add eth1 type veth peer name eth1 netns "$NSB" &&
	ip -n "$NSA" link set eth1 up && ip -n "$NSB" link set eth1 up ||
		return 1
	nl switch add name sw0 uplink eth0 vfs 2 || return 1
	DL=vxfp/vxfp$(nl -j switch show name sw0 | jq '.[0].id')
	ip -n "$NSA" addr add 192.0.2.10/24 dev sw0 &&
	ip -n "$NSA" link set sw0 up &&
	vf_to_ns "$NSA" sw0v0 "$NSC0" 192.0.2.1/24 &&
	vf_to_ns "$NSA" sw0v1 "$NSC1" 192.0.2.2/24
}

topo_down()
{
	local sw

	traffic_stop
	if vxfp_loaded; then
		for sw in $(nl -j switch show 2>/dev/null | jq -r '.[].name'); do
			nl switch del name "$sw"
		done
	fi
	ns_cleanup
}

# ------------------------------------------------------------- traffic

# traffic_start: iperf3 (TCP, paced so that the VM keeps CPU for the
# control plane) and a fast ping from C0's VF to $TRAFFIC_DST in B, and
# the CHURN loops, all in the background until traffic_stop. Nothing ends
# by itself before: a fault may take minutes on the debug kernel.
traffic_start()
{
	local c

	IPERF_PORT=$((IPERF_PORT + 1))
	ip netns exec "$NSB" iperf3 -s -1 -D -p "$IPERF_PORT" \
		-I "$TMPD/iperf3.pid" || return 1
	busywait 5000 sh -c "ip netns exec $NSB ss -Hltn \
		'sport = :$IPERF_PORT' | grep -q ." >/dev/null || return 1
	ip netns exec "$NSC0" iperf3 -c "$TRAFFIC_DST" -p "$IPERF_PORT" \
		-t 3600 -b 20M --connect-timeout 3000 >/dev/null 2>&1 &
	TRAFFIC_PIDS+=($!)
	ip netns exec "$NSC0" ping -q -i 0.01 -W 1 "$TRAFFIC_DST" \
		>/dev/null 2>&1 &
	TRAFFIC_PIDS+=($!)
	export CHURN_UNTIL=$(($(date +%s) + 600))
	for c in "${CHURN[@]}"; do
		"churn_$c" &
		CHURN_PIDS+=($!)
	done
}

traffic_stop()
{
	local p

	for p in "${TRAFFIC_PIDS[@]}" "${CHURN_PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${TRAFFIC_PIDS[@]}" "${CHURN_PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	TRAFFIC_PIDS=()
	CHURN_PIDS=()
	# the server removes its pid file when it is done
	[[ -f $TMPD/iperf3.pid ]] &&
		kill "$(cat "$TMPD/iperf3.pid" 2>/dev/null)" 2>/dev/null
	rm -f "$TMPD/iperf3.pid"
}

# rx_bytes NS DEV
rx_bytes()
{
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/rx_bytes"
}

# flowing [DEV]: B's DEV (default: its end of the wire) received more
# than 100 kB in a second.
flowing()
{
	local dev=${1:-eth0} a b

	a=$(rx_bytes "$NSB" "$dev")
	sleep 1
	b=$(rx_bytes "$NSB" "$dev")
	((b - a > 100000))
}

# traffic_check: traffic flows now, or the fault would prove nothing.
traffic_check()
{
	busywait 10000 flowing
	check_err $? "no traffic from the VF to the wire before the fault"
}

ping_ok()
{
	ip netns exec "$1" ping -c 2 -i 0.3 -W 2 "$2" >/dev/null 2>&1
}

# switch_gone NAME: no switch, PF, devlink instance or device of that name.
switch_gone()
{
	local name=$1

	! nl switch show name "$name" >/dev/null 2>&1 &&
	! ip -n "$NSA" link show "$name" >/dev/null 2>&1 &&
	! devlink dev show 2>/dev/null | grep -q "^$DL$"
}

# fast_path_flows: the flows of VF 0's traffic: 0x1 takes what it sends
# to the wire, 0x2 what the wire sends to its MAC, 0x3 the wire's
# broadcasts to it and to the PF. Without 0x3, B's ARP requests would
# reach the PF only: B's entry for C0, if it failed while no flow was in
# (between the mode change and the flows, seconds on the debug kernel,
# where B's first probes of C0 fall), would stay failed until C0 probes
# B, up to 45 s later.
fast_path_flows()
{
	nl flow add switch sw0 cookie 0x1 in_port vf0 action output uplink &&
	nl flow add switch sw0 cookie 0x2 in_port uplink \
		dst_mac "$(mac "$NSC0" sw0v0)" action output vf0 &&
	nl flow add switch sw0 cookie 0x3 in_port uplink \
		dst_mac ff:ff:ff:ff:ff:ff action output vf0 output pf
}

# flow_rising COOKIE: the packets of sw0's flow COOKIE rise in half a
# second.
flow_rising()
{
	local a b

	a=$(flow_pkts "$NSA" sw0 "$1") || return 1
	sleep 0.5
	b=$(flow_pkts "$NSA" sw0 "$1") || return 1
	((b > a))
}

# fast_path_up: sw0 in switchdev mode, VF 0's traffic in its flows, both
# seen hit (a fault with flows installed that the traffic does not hit
# would prove nothing).
fast_path_up()
{
	nl switch set name sw0 mode switchdev && fast_path_flows
	check_err $? "cannot set up the fast path"
	busywait 10000 flow_rising 0x1 >/dev/null &&
		busywait 10000 flow_rising 0x2 >/dev/null
	check_err $? "the flows are not hit: $(nl -s flow show switch sw0)"
}

# ------------------------------------------------------------- faults

# rmmod under traffic, with flows installed that the traffic hits: the
# module goes, and everything with it.
fault_rmmod()
{
	fast_path_up
	rmmod vxfp
	check_err $? "rmmod under traffic failed"
	ip -n "$NSC0" link show sw0v0 >/dev/null 2>&1
	check_fail $? "VF left after rmmod"
	ip -n "$NSA" link show sw0 >/dev/null 2>&1
	check_fail $? "PF left after rmmod"
	! devlink dev show 2>/dev/null | grep -q vxfp
	check_err $? "devlink instance left after rmmod"
	vxfp_load
	check_err $? "the module does not load again"
}

# The uplink deleted under traffic ends the switch.
fault_uplink_del()
{
	ip -n "$NSA" link del eth0
	check_err $? "cannot delete the uplink"
	busywait 5000 switch_gone sw0
	check_err $? "switch left after its uplink went"
	ip -n "$NSC0" link show sw0v0 >/dev/null 2>&1
	check_fail $? "VF left after the uplink went"
}

# `ip link del` of the PF ends the switch.
fault_pf_del()
{
	ip -n "$NSA" link del sw0
	check_err $? "cannot delete the PF"
	busywait 5000 switch_gone sw0
	check_err $? "switch left after its PF was deleted"
	ip -n "$NSC0" link show sw0v0 >/dev/null 2>&1
	check_fail $? "VF left after the PF went"
}

fault_switch_del()
{
	nl switch del name sw0
	check_err $? "switch del under traffic failed"
	switch_gone sw0
	check_err $? "switch left after switch del"
	ip -n "$NSC0" link show sw0v0 >/dev/null 2>&1
	check_fail $? "VF left after switch del"
}

# The namespace holding a busy VF goes (its traffic from outside, as
# nothing may keep the namespace alive): the VF comes back, as with SR-IOV,
# to the initial namespace, and still works.
fault_vf_netns_del()
{
	traffic_stop
	ip netns exec "$NSB" ping -q -f -W 1 192.0.2.1 >/dev/null 2>&1 &
	TRAFFIC_PIDS+=($!)
	sleep 1
	ns_destroy "$NSC0"
	busywait 5000 ip link show sw0v0 >/dev/null
	check_err $? "VF lost with its namespace"
	ip link set sw0v0 netns "$NSA" &&
		ip -n "$NSA" addr add 192.0.2.1/24 dev sw0v0 &&
		ip -n "$NSA" link set sw0v0 up
	check_err $? "VF cannot be used again"
	ip -n "$NSA" addr del 192.0.2.10/24 dev sw0
	busywait 5000 ping_ok "$NSA" 192.0.2.100
	check_err $? "switch broken after a VF's namespace went"
}

# slow_path_up: switchdev, with a bridge over the representor of VF 0 and
# the PF (the uplink's representor), so that VF 0 reaches the wire.
slow_path_up()
{
	nl switch set name sw0 mode switchdev &&
	ip -n "$NSA" addr flush dev sw0 &&
	ip -n "$NSA" link add br0 type bridge &&
	ip -n "$NSA" link set sw0_0 master br0 &&
	ip -n "$NSA" link set sw0 master br0 &&
	ip -n "$NSA" link set sw0_0 up &&
	ip -n "$NSA" link set br0 up
}

# Representors and VFs cannot be deleted on their own: refused, and the
# switch goes on.
fault_rep_del()
{
	slow_path_up
	check_err $? "cannot set up the slow path"
	traffic_check
	ip -n "$NSA" link del sw0_0 2>/dev/null
	check_fail $? "a representor was deleted on its own"
	ip -n "$NSC0" link del sw0v0 2>/dev/null
	check_fail $? "a VF was deleted on its own"
	ip -n "$NSA" link show sw0_0 >/dev/null
	check_err $? "representor gone"
	traffic_check
	nl switch del name sw0
	check_err $? "switch del failed"
	switch_gone sw0
	check_err $? "switch left"
}

# A representor moved to a namespace that is then deleted comes back to the
# initial one; the switch still takes it with it when it goes.
fault_rep_netns_del()
{
	local ns

	slow_path_up
	check_err $? "cannot set up the slow path"
	ns_create NSR
	if ! ip -n "$NSA" link set sw0_1 netns "$NSR" 2>/dev/null; then
		# representors that stay in their namespace are fine too
		log_info "representor cannot leave its namespace"
	else
		ns=$NSR
		ns_destroy "$ns"
		busywait 5000 grep -qsx pf0vf1 /sys/class/net/*/phys_port_name
		check_err $? "representor lost with its namespace"
	fi
	traffic_check
	nl switch del name sw0
	check_err $? "switch del failed"
	switch_gone sw0
	check_err $? "switch left"
	! grep -qs pf0vf /sys/class/net/*/phys_port_name
	check_err $? "a representor outlived its switch"
}

# legacy <-> switchdev in a loop, by devlink and by nlctl, under traffic;
# in switchdev mode, flows are installed and seen hit before the next
# change, which (to legacy) must take them all.
fault_mode_flip()
{
	local i mode

	for i in $(seq 10); do
		mode=switchdev
		((i % 2)) || mode=legacy
		if ((i % 4 < 2)); then
			devlink dev eswitch set "$DL" mode "$mode"
		else
			nl switch set name sw0 mode "$mode"
		fi
		check_err $? "mode change #$i to $mode failed"
		if [[ $mode == switchdev ]]; then
			fast_path_flows
			check_err $? "cannot install the flows after change #$i"
			busywait 10000 flow_rising 0x1 >/dev/null
			check_err $? "the flows are not hit after change #$i"
		else
			[[ $(fp_stat "$NSA" sw0 flows) == 0 &&
			   -z $(nl flow show switch sw0) ]]
			check_err $? "flows left in legacy mode after change #$i"
		fi
	done
	[[ $(nl -j switch show name sw0 | jq -r '.[0].mode') == legacy ]]
	check_err $? "not back in legacy mode"
	ip -n "$NSA" link show sw0_0 >/dev/null 2>&1
	check_fail $? "representor left in legacy mode"
	busywait 5000 ping_ok "$NSC0" 192.0.2.100
	check_err $? "VF cannot reach the wire after the mode changes"
	busywait 30000 flowing
	check_err $? "TCP did not come back after the mode changes"
}

# churn_flows: add and delete flows in sw0 by batches (nlctl -b) until
# $CHURN_UNTIL or $CHURN_OPS flow operations. A round adds CHURN_BATCH
# flows under three masks, of VF 0 (to addresses its traffic never goes
# to), of the wire (to MACs no one has) and one that matches VF 0's
# traffic at a lower priority than the flow that takes it and would drop
# it; then deletes them all. Writes "OPS FAILED CRASHED" to
# $TMPD/churn_flows: the flow operations of the rounds that went through,
# and the rounds that failed, or crashed (exits other than 0, 1 and 2).
churn_flows()
{
	local add=$TMPD/churn.add del=$TMPD/churn.del ops=0 failed=0 bad=0
	local n=$CHURN_BATCH rc step

	awk -v n="$n" -v del="$del" 'BEGIN {
		for (i = 0; i < n; i++) {
			c = 1048576 + i
			if (i == 0)
				m = "in_port vf0 dst_ip 192.0.2.100 action drop"
			else if (i % 3 == 0)
				m = sprintf("in_port vf0 dst_ip 10.%d.%d.0/24 action output vf1",
					    int(i / 256) % 256, i % 256)
			else if (i % 3 == 1)
				m = sprintf("in_port vf0 dst_ip 10.%d.%d.%d action output vf1",
					    int(i / 65536), int(i / 256) % 256, i % 256)
			else
				m = sprintf("in_port uplink dst_mac 02:00:5e:%02x:%02x:%02x action output vf1",
					    int(i / 65536), int(i / 256) % 256, i % 256)
			printf "flow add switch sw0 cookie %d prio 100 %s\n", c, m
			printf "flow del switch sw0 cookie %d\n", c > del
		}
	}' >"$add"
	# At least one round, however long the files took to write (on the
	# debug kernel, longer than CHURN_TIME when /dev/stderr was used).
	while :; do
		for step in "$add" "$del"; do
			nl -b "$step" >/dev/null 2>&1
			rc=$?
			if ((rc == 0)); then
				ops=$((ops + n))
			elif ((rc == 1 || rc == 2)); then
				failed=$((failed + 1))
				sleep 0.2
			else
				bad=$((bad + 1))
			fi
		done
		(($(date +%s) < CHURN_UNTIL && ops < CHURN_OPS)) || break
	done
	# What a failed round left.
	((failed)) && nl -force -b "$del" >/dev/null 2>&1
	echo "$ops $failed $bad" >"$TMPD/churn_flows"
}

# Flow churn while packets match: churn_flows for CHURN_TIME seconds with
# VF 0's traffic in the fast path; the flow that takes it must count
# packets at every look, and the churn must leave nothing behind.
fault_flow_churn()
{
	local pid p0 p1 looks=0 stalls=0 flows masks ops failed bad t0

	fast_path_up
	((RET == 0)) || return
	flows=$(flow_count "$NSA" sw0)
	masks=$(fp_stat "$NSA" sw0 masks)
	t0=$SECONDS
	CHURN_UNTIL=$(($(date +%s) + CHURN_TIME)) churn_flows &
	pid=$!
	p0=$(flow_pkts "$NSA" sw0 0x1)
	while kill -0 "$pid" 2>/dev/null; do
		sleep 2
		p1=$(flow_pkts "$NSA" sw0 0x1)
		looks=$((looks + 1))
		if ! ((p1 > p0)); then
			stalls=$((stalls + 1))
			log_info "flow 0x1 at $p1 packets, $p0 2 s before"
		fi
		p0=$p1
	done
	wait "$pid"
	read -r ops failed bad <"$TMPD/churn_flows" ||
		{ ops=0 failed=0 bad=0; }
	log_info "flow churn: $ops flow operations in $((SECONDS - t0)) s" \
		"($((ops / (SECONDS - t0 + 1))) a second), $failed rounds" \
		"failed, flow 0x1 looked at $looks times"
	((ops >= 2 * CHURN_BATCH))
	check_err $? "not one round of churn went through ($ops operations)"
	((failed == 0 && bad == 0))
	check_err $? "churn rounds failed: $failed, crashed: $bad"
	((looks >= 2 && stalls == 0))
	check_err $? "flow 0x1 stopped counting under the churn: $stalls of $looks looks"
	[[ $(fp_stat "$NSA" sw0 flows) == "$flows" &&
	   $(flow_count "$NSA" sw0) == "$flows" &&
	   $(fp_stat "$NSA" sw0 masks) == "$masks" ]]
	check_err $? "the churn left flows or masks: $(fp_stat "$NSA" sw0 flows) flows, $(fp_stat "$NSA" sw0 masks) masks (were $flows, $masks)"
	busywait 10000 flowing
	check_err $? "TCP does not flow after the churn"
}

# writer NAME DEADLINE CMD...: run CMD (a shell snippet) until DEADLINE
# (seconds since the epoch); count runs, and exits other than 0, 1 and 2
# (refusals of nlctl and devlink: crashes) in $TMPD/NAME.
writer()
{
	local name=$1 deadline=$2 runs=0 bad=0 rc

	shift 2
	while (($(date +%s) < deadline)); do
		bash -c "$*" >/dev/null 2>&1
		rc=$?
		runs=$((runs + 1))
		if ((rc != 0 && rc != 1 && rc != 2)); then
			bad=$((bad + 1))
			echo "exit $rc: $*" >>"$TMPD/$name.bad"
		fi
	done
	echo "$runs $bad" >"$TMPD/$name"
}

# Several writers at once, while traffic flows through sw0: a second
# switch made and deleted over eth1, its mode changed, sw0's VFs
# configured, sw0's mode changed, skip_sw tc rules added to and deleted
# from the representors of both (when they are there), flows added and
# deleted with nlctl in both, and everything dumped.
fault_writers()
{
	local deadline w runs bad pids=() n=$NLCTL a="ip netns exec $NSA"
	# shellcheck disable=SC2016 # expanded by each run of the writers
	local rep='sw$((RANDOM % 2))_$((RANDOM % 2))' sw='sw$((RANDOM % 2))' \
		ck='$((RANDOM % 16 + 0x100))'

	deadline=$(($(date +%s) + WRITERS_TIME))
	writer add_del "$deadline" "$a $n switch add name sw1 uplink eth1 vfs 2 \
		mode \$([ \$((RANDOM % 2)) = 0 ] && echo legacy || echo switchdev);
		$a $n switch del name sw1" &
	pids+=($!)
	writer sw1_mode "$deadline" "$a $n switch set name sw1 mode switchdev;
		$a $n switch set name sw1 mode legacy" &
	pids+=($!)
	writer vf_set "$deadline" "$a $n vf set switch sw0 vf \$((RANDOM % 2)) \
		vlan \$((RANDOM % 3)) spoofchk on trust off state auto \
		max_tx_rate \$((RANDOM % 2 * 1000)) mac 02:00:00:00:aa:0\$((RANDOM % 2))" &
	pids+=($!)
	writer sw0_mode "$deadline" "devlink dev eswitch set $DL mode switchdev;
		$a $n switch set name sw0 mode legacy" &
	pids+=($!)
	writer dump "$deadline" "$a $n -j switch show; $a $n -s vf show;
		$a $n rep show; $a $n port show; devlink port show;
		$a $n -s flow show; tc -n $NSA -s filter show dev sw0_0 ingress" &
	pids+=($!)
	writer tc "$deadline" "r=$rep; p=\$((RANDOM % 4 + 1));
		tc -n $NSA qdisc add dev \$r ingress;
		tc -n $NSA filter add dev \$r ingress pref \$p protocol ip \
			flower skip_sw dst_ip 10.9.\$((RANDOM % 256)).1 \
			action mirred egress redirect dev sw0;
		tc -n $NSA filter del dev $rep ingress pref \$p" &
	pids+=($!)
	writer flows "$deadline" "s=$sw; c=$ck;
		$a $n flow add switch \$s cookie \$c in_port vf\$((RANDOM % 2)) \
			dst_ip 10.8.0.\$((RANDOM % 256)) action output uplink;
		$a $n flow replace switch \$s cookie \$c in_port uplink \
			dst_mac 02:00:5e:00:00:01 action output vf1;
		$a $n flow del switch \$s cookie $ck;
		$a $n flow flush switch \$s" &
	pids+=($!)
	wait "${pids[@]}"
	for w in add_del sw1_mode vf_set sw0_mode dump tc flows; do
		read -r runs bad <"$TMPD/$w" 2>/dev/null || { runs=0 bad=0; }
		log_info "writer $w: $runs runs, $bad crashed"
		((runs > 0))
		check_err $? "writer $w never ran"
		((bad == 0))
		check_err $? "writer $w: $(head -n 3 "$TMPD/$w.bad" 2>/dev/null)"
	done
	# Whatever the race left, the switches are whole: sw0 works again.
	nl switch set name sw0 mode legacy
	check_err $? "sw0 cannot go back to legacy"
	nl vf set switch sw0 vf 0 vlan 0 max_tx_rate 0 mac 02:00:00:00:aa:00 &&
		nl vf set switch sw0 vf 1 vlan 0 max_tx_rate 0 \
		mac 02:00:00:00:aa:01
	check_err $? "sw0's VFs cannot be reset"
	neigh_flush
	busywait 10000 flowing
	check_err $? "no traffic through sw0 after the writers"
	nl switch del name sw1 2>/dev/null
	! nl switch show name sw1 >/dev/null 2>&1 &&
		! ip -n "$NSA" link show sw1 >/dev/null 2>&1
	check_err $? "sw1 left"
}

# encap_rising: the fast path puts more than 50 packets a second in the
# tunnel.
encap_rising()
{
	local a b

	a=$(fp_stat "$NSA" sw0 encap)
	sleep 1
	b=$(fp_stat "$NSA" sw0 encap)
	((b - a > 50))
}

# neigh_of_b_ok MAC: A's neighbour of B (the tunnel's next hop) is
# resolved, to MAC.
neigh_of_b_ok()
{
	ip -n "$NSA" neigh show 192.0.2.100 dev sw0 |
		grep -q -E "lladdr $1 .*(REACHABLE|STALE|DELAY|PROBE)"
}

# Neighbour flapping on the encap path: VF 0's ping and TCP go through
# VXLAN to B's vx0 in the fast path, while A's neighbour of B is flushed,
# pointed at another MAC and back, again and again (NEIGH_FLAPS times or
# NEIGH_TIME seconds). The tunnel must follow (frames to the other MAC on
# the wire), and once the neighbour is left to be resolved as usual, carry
# the traffic in the fast path again.
fault_neigh_flap()
{
	local bmac other=02:00:00:00:de:ad deadline n=0 out r0 r1

	if ! modprobe -q vxlan; then
		FAULT_SKIP="no vxlan module"
		return
	fi
	traffic_stop
	ip -n "$NSB" link add vx0 type vxlan id 42 local 192.0.2.100 \
		remote 192.0.2.10 dstport 4789 dev eth0 &&
	ip -n "$NSB" addr add 10.42.0.2/24 dev vx0 &&
	ip -n "$NSB" link set vx0 up &&
	ip -n "$NSC0" link set sw0v0 mtu 1450 &&
	ip -n "$NSC0" addr add 10.42.0.1/24 dev sw0v0 &&
	nl switch set name sw0 mode switchdev &&
	nl flow add switch sw0 cookie 0x42 in_port vf0 action encap id 42 \
		dst_ip 192.0.2.100 dst_port 4789 output uplink &&
	nl flow add switch sw0 cookie 0x43 in_port uplink enc_key_id 42 \
		enc_dst_port 4789 enc_src_ip 192.0.2.100 \
		enc_dst_ip 192.0.2.10 action decap output vf0
	check_err $? "cannot set up the tunnel"
	((RET == 0)) || return
	# The first packets wait for B's MAC on the slow path.
	busywait 15000 ping_ok "$NSC0" 10.42.0.2
	check_err $? "no ping over the tunnel"
	TRAFFIC_DST=10.42.0.2 traffic_start
	check_err $? "cannot start traffic over the tunnel"
	busywait 15000 flowing vx0 >/dev/null && busywait 5000 encap_rising
	check_err $? "no TCP over the tunnel in the fast path before the flapping"
	((RET == 0)) || return

	bmac=$(mac "$NSB" eth0)
	capture_for $((NEIGH_TIME + CAPTURE_MAX)) "$NSB" eth0 1 \
		"udp port 4789 and ether dst $other"
	deadline=$(($(date +%s) + NEIGH_TIME))
	while (($(date +%s) < deadline && n < NEIGH_FLAPS)); do
		ip -n "$NSA" neigh flush dev sw0 &&
		ip -n "$NSA" neigh replace 192.0.2.100 lladdr "$other" \
			dev sw0 nud reachable &&
		sleep 0.02 &&
		ip -n "$NSA" neigh replace 192.0.2.100 lladdr "$bmac" \
			dev sw0 nud reachable
		check_err $? "neighbour change #$n failed"
		n=$((n + 1))
	done
	# Left to the kernel: resolved by ARP, and the tunnel follows.
	ip -n "$NSA" neigh flush dev sw0
	out=$(end_capture)
	log_info "neighbour of B flushed, changed and changed back $n times"
	[ "$(count_lines "$out" "> $other, .* > 192\.0\.2\.100\.4789: VXLAN")" -ge 1 ]
	check_err $? "no VXLAN frame to the other MAC on the wire: $out"
	busywait 10000 neigh_of_b_ok "$bmac"
	check_err $? "B's neighbour not resolved again: $(ip -n "$NSA" neigh show 192.0.2.100 dev sw0)"
	busywait 10000 encap_rising
	check_err $? "the fast path does not carry the tunnel again: encap $(fp_stat "$NSA" sw0 encap)"
	busywait 20000 flowing vx0 >/dev/null
	check_err $? "TCP over the tunnel did not come back"
	r0=$(pkts "$NSA" sw0_0 rx)
	ping_n "$NSC0" 10.42.0.2 5
	check_err $? "pings over the tunnel not all answered after the flapping"
	r1=$(pkts "$NSA" sw0_0 rx)
	((r1 - r0 <= 2))
	check_err $? "the tunnel's traffic still takes the slow path: sw0_0 rx $r0 -> $r1"
}

# failslab and fail_page_alloc, one allocation at a time (fail-nth), on
# switch creation, mode changes and VF configuration, with sw0 busy; then
# on flow insertion (two flows in one request, one with a VLAN push and
# a VXLAN encap, so that the tunnel entry is made) with sw0 in switchdev
# mode and VF 0's traffic in its flows.
fault_fail_nth()
{
	local fi=/sys/kernel/debug out mac trust state nflows
	# 192.0.2.100 (c0000264) is B: a tunnel entry that resolves.
	local -a flows=(FLOW_NEW SWITCH_NAME:str:sw0
		"FLOW:{" FLOW_A_COOKIE:u64:0x77 FLOW_A_PRIORITY:u32:10
			"FLOW_A_KEY:{" KEY_A_IN_PORT:u32:1
				KEY_A_ETH_TYPE:u16:0x0800
				KEY_A_IPV4_DST:raw:0a2a0002 "}"
			"FLOW_A_ACTIONS:{" "ACT_A_VLAN_PUSH:{" VLAN_A_ID:u16:7 "}"
				"ACT_A_ENCAP:{" ENCAP_A_ID:u32:42
					ENCAP_A_IPV4_DST:raw:c0000264
					ENCAP_A_DST_PORT:u16:4789 "}"
				ACT_A_OUTPUT:u32:0xffffffff "}" "}"
		"FLOW:{" FLOW_A_COOKIE:u64:0x78 FLOW_A_PRIORITY:u32:10
			"FLOW_A_KEY:{" KEY_A_IN_PORT:u32:0xffffffff
				KEY_A_ETH_DST:raw:02005e000001 "}"
			"FLOW_A_ACTIONS:{" ACT_A_OUTPUT:u32:1 "}" "}")
	local -a unflows=(FLOW_DEL SWITCH_NAME:str:sw0
		"FLOW:{" FLOW_A_COOKIE:u64:0x77 "}"
		"FLOW:{" FLOW_A_COOKIE:u64:0x78 "}")

	if [[ ! -e /proc/self/fail-nth || ! -d $fi/failslab ]]; then
		# The flow request is still checked to be one that the kernel
		# takes whole, as the debug kernel's failures must be of it.
		fast_path_up
		nflows=$(flow_count "$NSA" sw0)
		out=$(ip netns exec "$NSA" python3 "$DIR/genl.py" "${flows[@]}")
		[[ $out == OK ]] &&
			nl flow get switch sw0 cookie 0x77 | grep -q "encap id 42" &&
			nl flow get switch sw0 cookie 0x78 >/dev/null
		check_err $? "the flow request is not taken: $out"
		out=$(ip netns exec "$NSA" python3 "$DIR/genl.py" "${unflows[@]}")
		[[ $out == OK && $(flow_count "$NSA" sw0) == "$nflows" ]]
		check_err $? "the flows cannot be deleted: $out"
		FAULT_SKIP="kernel without fault injection (failslab, fail-nth)"
		return
	fi
	echo N >"$fi/failslab/ignore-gfp-wait"
	echo 0 >"$fi/failslab/verbose"
	echo N >"$fi/fail_page_alloc/ignore-gfp-wait"
	echo 0 >"$fi/fail_page_alloc/min-order"
	echo 0 >"$fi/fail_page_alloc/verbose"

	fail_nth "switch add, switchdev, 1 VF" \
		--undo SWITCH_DEL SWITCH_NAME:str:sw1 -- \
		SWITCH_NEW SWITCH_NAME:str:sw1 \
		UPLINK_IFINDEX:u32:"$(ifindex "$NSA" eth1)" NUM_VFS:u32:1 \
		ESWITCH_MODE:u8:1
	fail_nth "switch add, legacy, 2 VFs" \
		--undo SWITCH_DEL SWITCH_NAME:str:sw1 -- \
		SWITCH_NEW SWITCH_NAME:str:sw1 \
		UPLINK_IFINDEX:u32:"$(ifindex "$NSA" eth1)" NUM_VFS:u32:2
	fail_nth "mode switchdev" \
		--undo SWITCH_SET SWITCH_NAME:str:sw0 ESWITCH_MODE:u8:0 -- \
		SWITCH_SET SWITCH_NAME:str:sw0 ESWITCH_MODE:u8:1
	# The undo puts back all that the request sets, as VF 0 has it now.
	read -r mac trust state < <(nl -j vf show switch sw0 vf 0 | jq -r '.[0] |
		"\(.mac | gsub(":"; "")) \(if .trust then 1 else 0 end) \(
		{"auto": 0, "enable": 1, "disable": 2}[.link_state])"')
	fail_nth "VF configuration" \
		--undo PORT_SET SWITCH_NAME:str:sw0 PORT_INDEX:u32:0 \
		VF_VLAN:u16:0 VF_MAX_TX_RATE:u32:0 VF_MAC:raw:"$mac" \
		VF_TRUST:u8:"$trust" VF_LINK_STATE:u8:"$state" -- \
		PORT_SET SWITCH_NAME:str:sw0 PORT_INDEX:u32:0 \
		VF_VLAN:u16:5 VF_QOS:u8:2 VF_MAX_TX_RATE:u32:500 \
		VF_MAC:raw:020000000a01 VF_TRUST:u8:1 VF_LINK_STATE:u8:1

	nl vf set switch sw0 vf 0 vlan 0 max_tx_rate 0 trust off state auto &&
		neigh_flush
	fast_path_up
	fail_nth "flow add, encap and VLAN push" \
		--undo "${unflows[@]}" -- "${flows[@]}"
	flow_rising 0x1
	check_err $? "VF 0's flow stopped counting"

	echo Y >"$fi/failslab/ignore-gfp-wait"
	echo Y >"$fi/fail_page_alloc/ignore-gfp-wait"
	nl flow flush switch sw0 && nl switch set name sw0 mode legacy
	check_err $? "sw0 cannot go back to legacy"
	neigh_flush
	busywait 10000 flowing
	check_err $? "no traffic through sw0 after the allocation failures"
}

# The VF's MAC may have changed: forget it on both sides.
neigh_flush()
{
	ip -n "$NSB" neigh flush dev eth0
	ip -n "$NSC0" neigh flush dev sw0v0
}

ifindex()
{
	ip netns exec "$1" cat "/sys/class/net/$2/ifindex"
}

# fail_nth WHAT ARGS...: fail_nth.py in ns A.
fail_nth()
{
	local what=$1 out rc

	shift
	out=$(ip netns exec "$NSA" python3 "$DIR/fail_nth.py" "$@" 2>&1)
	rc=$?
	log_info "$what: $(tail -n 1 <<<"$out")"
	grep ': answered ' <<<"$out" | while read -r line; do
		log_info "$what: ${line#fail_nth.py: }"
	done
	check_err "$rc" "$what: $(grep -v -e '^fail_nth.py: [0-9]* fault points' \
		-e ': answered ' <<<"$out" | head -n 5)"
}

# ------------------------------------------------------------- driver

# nothing_left: no switch, vxfp device, devlink instance or netdev the
# test made is left, the module is unused, the kernel log is clean.
nothing_left()
{
	local left splats

	[[ -z $(ls /sys/bus/vxfp/devices 2>/dev/null) ]]
	check_err $? "vxfp devices left: $(ls /sys/bus/vxfp/devices 2>/dev/null)"
	! devlink dev show 2>/dev/null | grep -q vxfp
	check_err $? "devlink instances left: $(devlink dev show | grep vxfp)"
	left=$(busywait 5000 _no_leftovers)
	[[ -z $left ]]
	check_err $? "left behind: $(paste -sd' ' <<<"$left")"
	if vxfp_loaded; then
		[[ $(cat /sys/module/vxfp/refcnt) == 0 ]]
		check_err $? "module still in use: refcnt $(cat /sys/module/vxfp/refcnt)"
	fi
	splats=$(klog_splats)
	[[ -z $splats ]]
	check_err $? "kernel log: $(head -n 3 <<<"$splats")"
}

run_fault()
{
	local name=$1 t0=$SECONDS

	RET=0
	FAULT_SKIP=
	klog_mark
	vxfp_load
	if ! topo_up; then
		check_err 1 "cannot set up the topology"
	elif ! traffic_start; then
		check_err 1 "cannot start traffic"
	else
		traffic_check
		"fault_$name"
	fi
	topo_down
	nothing_left
	if [[ -n $FAULT_SKIP && $RET == 0 ]]; then
		log_test_skip "fault: $name" "$FAULT_SKIP"
	else
		log_test "fault: $name" "$((SECONDS - t0)) s"
	fi
}

test_kmemleak()
{
	local out rc

	RET=0
	vxfp_unload
	check_err $? "rmmod vxfp failed"
	out=$(kmemleak_scan)
	rc=$?
	if ((rc == ksft_skip)); then
		log_test_skip "no leak after the faults" "kernel without kmemleak"
		return
	fi
	check_err "$rc" "kmemleak: $out"
	log_test "no leak after the faults (kmemleak)"
}

test_cleanup()
{
	topo_down
	rm -rf "$TMPD"
}

TMPD=$(mktemp -d)
for f in "${FAULTS[@]}"; do
	if ! declare -F "fault_$f" >/dev/null; then
		RET=1
		retmsg="no such fault (faults: ${ALL_FAULTS[*]})"
		log_test "fault: $f"
		continue
	fi
	run_fault "$f"
done
test_kmemleak
check_no_leftovers

exit "$EXIT_STATUS"

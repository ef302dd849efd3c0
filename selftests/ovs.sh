#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Open vSwitch as the slow path of a switchdev-mode switch, as on an ASAP2
# host: a real ovsdb-server/ovs-vswitchd (Debian's openvswitch-switch),
# started by this test in ns A with all its state in a private directory,
# with other_config:hw-offload=true and a bridge br-int over the
# representors and the PF (the uplink's representor). VF to VF (ping,
# iperf3) and VF to wire through OVS; OVS stopped under traffic; the switch
# deleted after it.
#
#   ns C0          ns C1          ns A                                ns B
#   +---------+    +---------+    +-------------------------------+   +--------+
#   | sw0v0   |    | sw0v1   |    | ovsdb-server, ovs-vswitchd    |   |        |
#   | .1/24   |    | .2/24   |    | br-int: sw0_0 sw0_1 (reps)    |   |        |
#   +----|----+    +----|----+    |         sw0 (PF, uplink rep)  |   | eth0   |
#        |              |         |  eth0 (uplink) ---------------+---+ .100   |
#        +-- switch sw0 (switchdev) --+                               +--------+
#                                                  (addresses: 192.0.2.0/24)
#
# There are no offloaded flows yet: with hw-offload=true OVS puts its
# datapath flows into tc flower on the ports; vxfp takes none of them, so
# they stay in software tc (not in_hw) and packets still come up the
# representors and are forwarded in software. That is the slow path tested
# here.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_cmd ovs-vswitchd ovsdb-server ovsdb-tool ovs-vsctl ovs-appctl ovs-dpctl
require_cmd iperf3 jq ss

OVS_SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
[[ -f $OVS_SCHEMA ]] || skip_all "$OVS_SCHEMA not found"

OVS_DIR=
OVS_MOD_LOADED_BY_US=0
if [[ ! -d /sys/module/openvswitch ]]; then
	modprobe openvswitch 2>/dev/null || skip_all "kernel module openvswitch not available"
	OVS_MOD_LOADED_BY_US=1
fi

nl()
{
	ip netns exec "$NSA" "$NLCTL" "$@"
}

# ping_ok NS DEST: two pings get through.
ping_ok()
{
	ip netns exec "$1" ping -c 2 -i 0.3 -W 2 "$2" >/dev/null 2>&1
}

# pkts NS DEV rx|tx: a netdev's packet counter.
pkts()
{
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/${3}_packets"
}

vsctl()
{
	ovs-vsctl --db="unix:$OVS_SOCK" --timeout=10 "$@"
}

appctl()
{
	ovs-appctl --timeout=10 "$@"
}

ovs_log_tail()
{
	tail -n "${2:-5}" "$OVS_LOGDIR/$1.log" 2>/dev/null | paste -sd'|' -
}

# ovs_pid DAEMON: print the pid of a running OVS daemon of this test.
ovs_pid()
{
	local pid

	pid=$(cat "$OVS_RUNDIR/$1.pid" 2>/dev/null) &&
		kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# shellcheck disable=SC2317 # called through busywait
pid_gone()
{
	! kill -0 "$1" 2>/dev/null
}

# ------------------------------------------------------------------- OVS

ovs_start()
{
	OVS_DIR=$(mktemp -d /tmp/vxfp-ovs.XXXXXX) || return 1
	export OVS_RUNDIR=$OVS_DIR OVS_DBDIR=$OVS_DIR OVS_LOGDIR=$OVS_DIR
	OVS_SOCK=$OVS_DIR/db.sock

	ovsdb-tool create "$OVS_DBDIR/conf.db" "$OVS_SCHEMA" || return 1
	# Both daemons in ns A: ovs-vswitchd works in the netns it started in
	# and must see the representors there.
	ip netns exec "$NSA" ovsdb-server "$OVS_DBDIR/conf.db" \
		--remote="punix:$OVS_SOCK" \
		--pidfile="$OVS_RUNDIR/ovsdb-server.pid" \
		-vconsole:off --log-file="$OVS_LOGDIR/ovsdb-server.log" --detach || return 1
	busywait 10000 test -S "$OVS_SOCK" >/dev/null || return 1
	ovs-vsctl --db="unix:$OVS_SOCK" --timeout=10 --no-wait init || return 1
	# As an operator would, before ovs-vswitchd reads its configuration.
	ovs-vsctl --db="unix:$OVS_SOCK" --timeout=10 --no-wait \
		set Open_vSwitch . other_config:hw-offload=true || return 1
	ip netns exec "$NSA" ovs-vswitchd "unix:$OVS_SOCK" \
		--pidfile="$OVS_RUNDIR/ovs-vswitchd.pid" \
		-vconsole:off --log-file="$OVS_LOGDIR/ovs-vswitchd.log" --detach || return 1
	busywait 10000 appctl -t ovs-vswitchd version >/dev/null
}

# Stop whatever of OVS runs, leave nothing of it behind (idempotent).
ovs_stop()
{
	local d pid

	[[ -n $OVS_DIR && -d $OVS_DIR ]] || return 0
	if pid=$(ovs_pid ovs-vswitchd); then
		vsctl --if-exists del-br br-int >/dev/null 2>&1
		appctl -t ovs-vswitchd exit --cleanup >/dev/null 2>&1
		busywait 5000 pid_gone "$pid"
	fi
	# A datapath left by an ovs-vswitchd that exited without --cleanup.
	[[ -n ${NSA:-} ]] && ip netns exec "$NSA" ovs-dpctl del-dp ovs-system \
		>/dev/null 2>&1
	if pid=$(ovs_pid ovsdb-server); then
		appctl -t ovsdb-server exit >/dev/null 2>&1
		busywait 5000 pid_gone "$pid"
	fi
	for d in ovs-vswitchd ovsdb-server; do
		pid=$(ovs_pid $d) && kill -9 "$pid" 2>/dev/null
	done
	if [[ $VERBOSE == 1 ]]; then
		echo "    ovs-vswitchd.log:"
		sed 's/^/    /' "$OVS_LOGDIR/ovs-vswitchd.log" 2>/dev/null
	fi
	rm -rf "$OVS_DIR"
	OVS_DIR=
}

# ----------------------------------------------------------------- setup

setup()
{
	vxfp_load || return 1
	ns_create NSA NSB NSC0 NSC1 || return 1
	wire_create "$NSA" "$NSB" 192.0.2.100/24 || return 1

	nl switch add name sw0 uplink eth0 vfs 2 mode switchdev || return 1
	ip -n "$NSA" link set sw0 up
	vf_to_ns "$NSA" sw0v0 "$NSC0" 192.0.2.1/24 &&
	vf_to_ns "$NSA" sw0v1 "$NSC1" 192.0.2.2/24
}

# ----------------------------------------------------------------- tests

test_ovs_up()
{
	RET=0
	ovs_start
	check_err $? "OVS did not start: $(ovs_log_tail ovsdb-server) $(ovs_log_tail ovs-vswitchd)"
	[ "$(vsctl get Open_vSwitch . other_config:hw-offload 2>/dev/null)" = \
	  '"true"' ]
	check_err $? "other_config:hw-offload is not true"
	grep -q "Flow API Enabled" "$OVS_LOGDIR/ovs-vswitchd.log" 2>/dev/null
	check_err $? "ovs-vswitchd did not enable its flow API (hw-offload): $(ovs_log_tail ovs-vswitchd)"
	vsctl add-br br-int
	check_err $? "ovs-vsctl add-br br-int failed: $(ovs_log_tail ovs-vswitchd)"
	vsctl add-port br-int sw0_0 && vsctl add-port br-int sw0_1
	check_err $? "adding the representors to br-int failed: $(ovs_log_tail ovs-vswitchd)"
	ip -n "$NSA" link set sw0_0 up &&
		ip -n "$NSA" link set sw0_1 up &&
		ip -n "$NSA" link set br-int up
	check_err $? "cannot bring the representors and br-int up"
	for p in sw0_0 sw0_1; do
		[ "$(vsctl get Interface "$p" ofport)" -gt 0 ] 2>/dev/null
		check_err $? "OVS has no OpenFlow port for $p: $(vsctl get Interface "$p" error)"
	done
	ip netns exec "$NSA" ovs-dpctl show 2>/dev/null | grep -q "port [0-9]*: sw0_1"
	check_err $? "representor not in the kernel datapath: $(ip netns exec "$NSA" ovs-dpctl show 2>&1 | paste -sd'|' -)"
	log_test "OVS with hw-offload=true: br-int over the representors"
}

test_vf_to_vf()
{
	local p d after flows
	local -A before

	RET=0
	for p in sw0_0 sw0_1; do
		for d in rx tx; do
			before[$p.$d]=$(pkts "$NSA" $p $d)
		done
	done
	busywait 10000 ping_ok "$NSC0" 192.0.2.2
	check_err $? "C0 -> C1 (VF -> rep -> OVS -> rep -> VF) does not ping"
	ip netns exec "$NSC0" ping -c 3 -i 0.2 -W 2 192.0.2.2 >/dev/null 2>&1
	check_err $? "C0 -> C1 does not ping once OVS has its flows"
	# Each echo request went up sw0_0 and out of sw0_1, each reply up
	# sw0_1 and out of sw0_0: the slow path, not a shortcut in the switch.
	for p in sw0_0 sw0_1; do
		for d in rx tx; do
			after=$(pkts "$NSA" $p $d)
			[ "$after" -ge $((before[$p.$d] + 3)) ]
			check_err $? "$p $d counter did not rise by 3: ${before[$p.$d]} -> $after"
		done
	done
	# -m shows where each flow is: dp:ovs (kernel datapath) or dp:tc
	# (tc flower; offloaded:yes only if a driver took it, none does yet).
	flows=$(appctl dpctl/dump-flows -m --names type=all 2>&1)
	check_err $? "ovs-appctl dpctl/dump-flows failed: $flows"
	grep -q "in_port(sw0_0),.*eth_type(0x0800),.* actions:sw0_1$" <<<"$flows" &&
		grep -q "in_port(sw0_1),.*eth_type(0x0800),.* actions:sw0_0$" <<<"$flows"
	check_err $? "no IPv4 datapath flows sw0_0 <-> sw0_1: $flows"
	log_info "datapath flows: $(grep -c "^ufid:" <<<"$flows")," \
		"in tc: $(grep -c " dp:tc," <<<"$flows")," \
		"in the ovs datapath: $(grep -c " dp:ovs," <<<"$flows")," \
		"in hw: $(grep -c " offloaded:yes," <<<"$flows")"
	if [[ $VERBOSE == 1 ]]; then
		printf '%s\n' "$flows" | sed 's/^/    /'
	fi
	log_test "C0 -> C1 through OVS on the slow path"
}

test_iperf()
{
	local out mbps

	RET=0
	iperf3_server "$NSC1"
	check_err $? "no iperf3 server listening in C1"
	out=$(ip netns exec "$NSC0" timeout 30 iperf3 -c 192.0.2.2 -t 3 -J \
	      --connect-timeout 5000 2>/dev/null)
	check_err $? "iperf3 C0 -> C1 failed: $(jq -r '.error // empty' <<<"$out" 2>/dev/null)"
	mbps=$(jq '.end.sum_received.bits_per_second / 1000000 | . * 10 | floor | . / 10' \
	       <<<"$out" 2>/dev/null)
	log_info "TCP C0 -> C1 through OVS: ${mbps:-?} Mbit/s"
	[ -n "$mbps" ] && awk "BEGIN { exit !($mbps > 0) }"
	check_err $? "no TCP throughput through OVS"
	log_test "iperf3 TCP C0 -> C1 through OVS"
}

test_pf_uplink_rep()
{
	local before after

	RET=0
	ping_ok "$NSC0" 192.0.2.100
	check_fail $? "C0 reached the wire before the PF was in br-int"
	before=$(pkts "$NSB" eth0 rx)
	vsctl add-port br-int sw0
	check_err $? "adding the PF to br-int failed: $(ovs_log_tail ovs-vswitchd)"
	busywait 10000 ping_ok "$NSC0" 192.0.2.100
	check_err $? "C0 -> B (VF -> rep -> OVS -> PF -> wire) does not ping"
	ping_ok "$NSB" 192.0.2.1
	check_err $? "B -> C0 (wire -> PF -> OVS -> rep -> VF) does not ping"
	after=$(pkts "$NSB" eth0 rx)
	[ "$after" -ge $((before + 4)) ]
	check_err $? "the peer's rx counter did not rise: $before -> $after"
	log_test "PF as the uplink representor: C0 <-> B through OVS"
}

test_ovs_stopped_under_traffic()
{
	local pid vswd before after out

	RET=0
	ip netns exec "$NSC0" timeout 20 ping -f -W 1 192.0.2.2 >/dev/null 2>&1 &
	pid=$!
	sleep 1
	vswd=$(ovs_pid ovs-vswitchd)
	check_err $? "ovs-vswitchd not running before the test"
	appctl -t ovs-vswitchd exit
	check_err $? "ovs-appctl -t ovs-vswitchd exit failed"
	busywait 10000 pid_gone "$vswd"
	check_err $? "ovs-vswitchd still runs 10 s after exit"
	sleep 1
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null

	out=$(nl -j switch show name sw0)
	check_err $? "switch show failed after OVS went away"
	[ "$(jq -r '.[0].mode' <<<"$out")" = switchdev ]
	check_err $? "switch not in switchdev mode any more: $out"
	ip -n "$NSA" link show sw0_0 >/dev/null 2>&1 &&
		ip -n "$NSA" link show sw0_1 >/dev/null 2>&1 &&
		ip -n "$NSA" link show sw0 >/dev/null 2>&1
	check_err $? "PF or representors gone with OVS"
	ip -n "$NSC0" link show sw0v0 >/dev/null 2>&1 &&
		ip -n "$NSC1" link show sw0v1 >/dev/null 2>&1
	check_err $? "VFs gone with OVS"
	# The miss path still works: a VF's packets still come up its rep.
	before=$(pkts "$NSA" sw0_0 rx)
	ip netns exec "$NSC0" ping -c 3 -i 0.2 -W 1 192.0.2.2 >/dev/null 2>&1
	after=$(pkts "$NSA" sw0_0 rx)
	[ "$after" -ge $((before + 3)) ]
	check_err $? "sw0_0 rx did not rise after OVS left: $before -> $after"
	log_test "OVS stopped under traffic: switch intact"
}

test_switch_del()
{
	local out

	RET=0
	out=$(ip netns exec "$NSA" timeout 30 "$NLCTL" switch del name sw0 2>&1)
	check_err $? "switch del after OVS left failed: $out"
	out=$(ip -n "$NSA" -o link show | grep "sw0")
	[ -z "$out" ]
	check_err $? "switch netdevs left in ns A: $out"
	ip -n "$NSC0" link show sw0v0 >/dev/null 2>&1
	check_fail $? "VF sw0v0 left in C0"
	ip -n "$NSC1" link show sw0v1 >/dev/null 2>&1
	check_fail $? "VF sw0v1 left in C1"
	[ -z "$(nl switch show)" ]
	check_err $? "a switch is still listed"
	out=$(ip netns exec "$NSA" ovs-dpctl show 2>&1)
	! grep -q "sw0" <<<"$out"
	check_err $? "the kernel datapath still holds a switch port: $out"
	log_test "switch del after OVS: nothing behind"
}

test_cleanup()
{
	ovs_stop
	[[ -n ${NSA:-} ]] && nl switch del name sw0 >/dev/null 2>&1
	ns_cleanup
	vxfp_unload
	if ((OVS_MOD_LOADED_BY_US)); then
		modprobe -r openvswitch 2>/dev/null
	fi
}

setup || { echo "FAIL: setup failed"; exit "$ksft_fail"; }
test_ovs_up
test_vf_to_vf
test_iperf
test_pf_uplink_rep
test_ovs_stopped_under_traffic
test_switch_del
check_no_leftovers

exit "$EXIT_STATUS"

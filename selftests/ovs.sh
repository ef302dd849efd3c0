#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Open vSwitch with hw-offload=true over a switchdev-mode switch, as on an
# ASAP2 host: a real ovsdb-server/ovs-vswitchd (Debian's openvswitch-
# switch), started by this test in ns A with all its state in a private
# directory, a bridge br-int over the representors and two VXLAN ports
# (IPv4 and IPv6 underlay, through OVS's vxlan_sys_4789), the PF carrying
# the tunnels' local addresses. OVS puts its datapath flows into tc flower
# on those ports; vxfp takes them into its fast path, so OVS shows them
# offloaded:yes with rising counters while the representors stay still.
# The far end, B, uses the stock kernel vxlan driver.
#
#   ns C0         ns C1         ns A                                 ns B
#   +--------+    +--------+    +--------------------------------+   +----------------+
#   | sw0v0  |    | sw0v1  |    | ovsdb-server, ovs-vswitchd     |   | vxlan4 VNI 42  |
#   | 10.0.0.1    | 10.0.0.2    | br-int: sw0_0 sw0_1 (reps)     |   |  10.0.0.100/24 |
#   |        |    | 10.0.1.2    |         vx4 (VNI 42, IPv4)     |   | vxlan6 VNI 43  |
#   +---|----+    +---|----+    |         vx6 (VNI 43, IPv6)     |   |  10.0.1.100/24 |
#       |             |         | sw0 (PF) 192.0.2.10/24         |   |                |
#       |             |         |          2001:db8::10/64       |   | eth0           |
#       |             |         |  eth0 (uplink) ----------------+---+ 192.0.2.100/24 |
#       +--- switch sw0 (switchdev) ---+                             | 2001:db8::100  |
#                                                                    +----------------+
#
# Then: flows age out once traffic stops; OVS leaving mid-stream, and the
# switch deleted mid-stream under a running OVS, leave no flow and no
# offloaded rule behind; ovs-vswitchd started again on the same database,
# and restarted under traffic, offloads the flows again.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_root
require_cmd ovs-vswitchd ovsdb-server ovsdb-tool ovs-vsctl ovs-appctl \
	ovs-ofctl ovs-dpctl
require_cmd iperf3 jq ss tc
require_nlctl

OVS_SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
[[ -f $OVS_SCHEMA ]] || skip_all "$OVS_SCHEMA not found"

# How long, in ms, a datapath flow may idle before OVS removes it: the
# tests count packets on a flow across several steps (a capture, dumps),
# which on a debug kernel can outlast OVS's default 10 s; test_ageing
# lowers it for a while.
OVS_MAX_IDLE=60000

OVS_DIR=
OVS_MOD_LOADED_BY_US=0
if [[ ! -d /sys/module/openvswitch ]]; then
	modprobe openvswitch 2>/dev/null || skip_all "kernel module openvswitch not available"
	OVS_MOD_LOADED_BY_US=1
fi
require_vxfp

nl()
{
	ip netns exec "$NSA" "$NLCTL" "$@"
}

# ping_ok NS DEST [COUNT]: the pings get through.
# shellcheck disable=SC2317 # called through busywait
ping_ok()
{
	ip netns exec "$1" ping -c "${3:-2}" -i 0.2 -W 2 "$2" >/dev/null 2>&1
}

vsctl()
{
	ovs-vsctl --db="unix:$OVS_SOCK" --timeout=10 "$@"
}

appctl()
{
	ovs-appctl --timeout=10 "$@"
}

ofctl()
{
	ip netns exec "$NSA" ovs-ofctl --timeout=10 "$@"
}

# oneline CMD...: CMD's output on one line, cut short, for a message.
oneline()
{
	"$@" 2>&1 | tr -s ' \t' ' ' | paste -sd'|' - | cut -c1-600
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

# offloaded: OVS's datapath flows that are in tc and in hardware (vxfp).
offloaded()
{
	appctl dpctl/dump-flows -m --names type=offloaded 2>&1
}

# flow_pkts FLOWS REGEX: the packets of the busiest flow of a dump-flows
# output that matches REGEX; nothing if none does.
flow_pkts()
{
	grep -E "$2" <<<"$1" | sed -n 's/.* packets:\([0-9]*\),.*/\1/p' |
		sort -n | tail -n 1
}

# offloaded_has REGEX: OVS lists an offloaded flow that matches.
# shellcheck disable=SC2317 # called through busywait
offloaded_has()
{
	offloaded | grep -q -E "$1"
}

# vxfp_flows: how many flows the switch's fast path holds.
vxfp_flows()
{
	nl -s -j switch show name sw0 | jq -e '.[0].fastpath.flows'
}

# in_hw_rules DEV: how many tc rules on DEV's ingress say in_hw (from the
# text output: tc's JSON of some actions OVS uses does not parse).
in_hw_rules()
{
	ip netns exec "$NSA" tc filter show dev "$1" ingress 2>/dev/null |
		grep -c -w in_hw
}

# shellcheck disable=SC2317 # called through busywait
no_vxfp_flows()
{
	[ "$(vxfp_flows)" = 0 ]
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
		set Open_vSwitch . other_config:hw-offload=true \
		other_config:max-idle="$OVS_MAX_IDLE" || return 1
	ovs_vswitchd_start
}

# ovs_after_boot: Open vSwitch 3.1.0 (Debian 12's) reads how many CPUs it
# has only once the system has been up 10 s (fixed in 3.1.1, "ovs-thread:
# Fix cpus not read for the first 10s."). Started sooner, as in a VM that
# has just booted, ovs-vswitchd runs no upcall handler and never handles a
# miss. /proc/uptime stands for its CLOCK_MONOTONIC: no VM here suspends.
ovs_after_boot()
{
	local up

	up=$(cut -d. -f1 /proc/uptime)
	((up >= 11)) || sleep $((11 - up))
}

# ovs_vswitchd_start: ovs-vswitchd in ns A, on the database of ovs_start.
ovs_vswitchd_start()
{
	ovs_after_boot
	ip netns exec "$NSA" ovs-vswitchd "unix:$OVS_SOCK" \
		--pidfile="$OVS_RUNDIR/ovs-vswitchd.pid" \
		-vconsole:off --log-file="$OVS_LOGDIR/ovs-vswitchd.log" --detach || return 1
	busywait 10000 appctl -t ovs-vswitchd version >/dev/null
}

# ovs_bridge PORT...: br-int with those ports, all up.
ovs_bridge()
{
	local p

	vsctl add-br br-int || return 1
	for p in "$@"; do
		vsctl add-port br-int "$p" || return 1
		ip -n "$NSA" link set "$p" up || return 1
	done
	ip -n "$NSA" link set br-int up && no_ipv6 "$NSA" br-int
}

# ovs_tunnels: vx4 and vx6 on br-int, towards B, and the OpenFlow rules
# that tie C0 to the IPv4 tunnel and C1 to the IPv6 one.
ovs_tunnels()
{
	vsctl add-port br-int vx4 -- set interface vx4 type=vxlan \
		options:remote_ip=192.0.2.100 options:key=42 &&
	vsctl add-port br-int vx6 -- set interface vx6 type=vxlan \
		options:remote_ip=2001:db8::100 options:key=43 \
		options:csum=true || return 1
	busywait 10000 ip -n "$NSA" link show vxlan_sys_4789 >/dev/null || return 1
	ovs_of_rules
}

# ovs_of_rules: the OpenFlow rules of ovs_tunnels, which a controller
# gives a restarted ovs-vswitchd again (they are not in the database).
ovs_of_rules()
{
	# A freshly started ovs-vswitchd makes br-int a moment later.
	busywait 10000 ofctl show br-int >/dev/null || return 1
	ofctl del-flows br-int &&
	ofctl add-flow br-int "in_port=sw0_0,actions=output:vx4" &&
	ofctl add-flow br-int "in_port=vx4,actions=output:sw0_0" &&
	ofctl add-flow br-int "in_port=sw0_1,actions=output:vx6" &&
	ofctl add-flow br-int "in_port=vx6,actions=output:sw0_1"
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

# No IPv6 on the VFs and B's tunnel devices: their router and neighbour
# solicitations would make flows of their own and keep them from ageing.
no_ipv6()
{
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
}

setup()
{
	ns_create NSA NSB NSC0 NSC1 || return 1
	wire_create "$NSA" "$NSB" 192.0.2.100/24 || return 1
	# Room on the wire for VXLAN over IPv6 under the VFs' 1450.
	ip -n "$NSA" link set eth0 mtu 1600 &&
		ip -n "$NSB" link set eth0 mtu 1600 &&
		ip -n "$NSB" addr add 2001:db8::100/64 dev eth0 nodad || return 1

	nl switch add name sw0 uplink eth0 vfs 2 mode switchdev || return 1
	ip -n "$NSA" addr add 192.0.2.10/24 dev sw0 &&
		ip -n "$NSA" addr add 2001:db8::10/64 dev sw0 nodad &&
		ip -n "$NSA" link set sw0 up || return 1
	vf_to_ns "$NSA" sw0v0 "$NSC0" 10.0.0.1/24 &&
		vf_to_ns "$NSA" sw0v1 "$NSC1" 10.0.0.2/24 &&
		ip -n "$NSC1" addr add 10.0.1.2/24 dev sw0v1 || return 1
	no_ipv6 "$NSC0" sw0v0 && no_ipv6 "$NSC1" sw0v1 || return 1

	ip -n "$NSB" link add vxlan4 type vxlan id 42 dstport 4789 \
		local 192.0.2.100 remote 192.0.2.10 &&
	ip -n "$NSB" link add vxlan6 type vxlan id 43 dstport 4789 \
		local 2001:db8::100 remote 2001:db8::10 || return 1
	no_ipv6 "$NSB" vxlan4 && no_ipv6 "$NSB" vxlan6 || return 1
	ip -n "$NSB" addr add 10.0.0.100/24 dev vxlan4 &&
		ip -n "$NSB" addr add 10.0.1.100/24 dev vxlan6 &&
		ip -n "$NSB" link set vxlan4 up &&
		ip -n "$NSB" link set vxlan6 up
}

# ----------------------------------------------------------------- tests

test_ovs_up()
{
	RET=0
	ovs_start
	check_err $? "OVS did not start: $(ovs_log_tail ovsdb-server) $(ovs_log_tail ovs-vswitchd)"
	grep -q "Flow API Enabled" "$OVS_LOGDIR/ovs-vswitchd.log" 2>/dev/null
	check_err $? "ovs-vswitchd did not enable its flow API (hw-offload): $(ovs_log_tail ovs-vswitchd)"
	ovs_bridge sw0_0 sw0_1
	check_err $? "br-int over the representors: $(ovs_log_tail ovs-vswitchd)"
	ip netns exec "$NSA" ovs-dpctl show 2>/dev/null | grep -q "port [0-9]*: sw0_1"
	check_err $? "representor not in the datapath: $(ip netns exec "$NSA" ovs-dpctl show 2>&1 | paste -sd'|' -)"
	log_test "OVS with hw-offload=true: br-int over the representors"
}

# VF to VF, br-int's NORMAL action: the first packets go up the
# representors to OVS, which installs its flows in tc; vxfp runs them.
test_vf_to_vf()
{
	local re01='in_port\(sw0_0\),.*eth_type\(0x0800\).* actions:sw0_1$'
	local re10='in_port\(sw0_1\),.*eth_type\(0x0800\).* actions:sw0_0$'
	local flows p0 p1 rx0 rx1 out mbps

	RET=0
	busywait 10000 ping_ok "$NSC0" 10.0.0.2
	check_err $? "C0 -> C1 (through OVS) does not ping"
	busywait 10000 offloaded_has "$re10"
	flows=$(offloaded)
	[[ -n $(flow_pkts "$flows" "$re01") && -n $(flow_pkts "$flows" "$re10") ]]
	check_err $? "no offloaded IPv4 flows sw0_0 <-> sw0_1: $flows"
	grep -E "$re01" <<<"$flows" | grep "offloaded:yes" | grep -q "dp:tc"
	check_err $? "the flow is not offloaded:yes in tc: $flows"
	[ "$(in_hw_rules sw0_0)" -ge 1 ] && [ "$(in_hw_rules sw0_1)" -ge 1 ]
	check_err $? "no in_hw rule on the representors: $(oneline ip netns exec "$NSA" tc filter show dev sw0_0 ingress)"
	p0=$(flow_pkts "$flows" "$re01")

	rx0=$(pkts "$NSA" sw0_0 rx)
	rx1=$(pkts "$NSA" sw0_1 rx)
	iperf3_server "$NSC1"
	check_err $? "no iperf3 server in C1"
	out=$(ip netns exec "$NSC0" timeout 30 iperf3 -c 10.0.0.2 -t 3 -J \
	      --connect-timeout 5000 2>/dev/null)
	check_err $? "iperf3 C0 -> C1 failed: $(jq -r '.error // empty' <<<"$out" 2>/dev/null)"
	mbps=$(jq '.end.sum_received.bits_per_second / 1000000 | floor' <<<"$out" 2>/dev/null)
	p1=$(flow_pkts "$(offloaded)" "$re01")
	log_info "TCP C0 -> C1 offloaded: ${mbps:-?} Mbit/s; flow packets $p0 -> $p1;" \
		"rep rx $rx0 -> $(pkts "$NSA" sw0_0 rx), $rx1 -> $(pkts "$NSA" sw0_1 rx)"
	[[ -n $p0 && -n $p1 ]] && ((p1 >= p0 + 500))
	check_err $? "the offloaded flow's packets did not rise by 500: $p0 -> $p1"
	# What the flows cover never reaches the representors, so OVS.
	(($(pkts "$NSA" sw0_0 rx) - rx0 <= 10 &&
	  $(pkts "$NSA" sw0_1 rx) - rx1 <= 10))
	check_err $? "the stream took the slow path: sw0_0 rx $rx0 -> $(pkts "$NSA" sw0_0 rx), sw0_1 rx $rx1 -> $(pkts "$NSA" sw0_1 rx)"
	log_test "VF <-> VF: OVS's flows offloaded:yes, counting, reps still"
}

# ARP_FLOOD: C0's ARP broadcasts in OVS's flows.
ARP_FLOOD='in_port\(sw0_0\),.*dst=ff:ff:ff:ff:ff:ff.*eth_type\(0x0806\)'

# arp_flood_above N: the offloaded ARP flood flow has counted more than N.
# shellcheck disable=SC2317 # called through busywait
arp_flood_above()
{
	local n

	n=$(flow_pkts "$(offloaded)" "$ARP_FLOOD")
	[ "${n:-0}" -gt "$1" ]
}

# The ARP broadcast from C0, which br-int's NORMAL action floods to sw0_1
# and to br-int itself, OVS's internal port: OVS puts it in tc as skbedit
# ptype host + mirred ingress mirror dev br-int + a redirect to sw0_1,
# which the fast path runs: br-int receives the request, C1 answers.
test_arp_flood()
{
	local re=$ARP_FLOOD out n0

	RET=0
	ip -n "$NSC0" neigh flush dev sw0v0
	busywait 10000 ping_ok "$NSC0" 10.0.0.2
	check_err $? "C0 -> C1 does not ping after a neighbour flush"
	busywait 10000 offloaded_has "$re"
	check_err $? "the ARP flood flow is not offloaded: $(oneline appctl dpctl/dump-flows -m --names type=all)"
	out=$(ip netns exec "$NSA" tc filter show dev sw0_0 ingress protocol arp)
	grep -q "Ingress Mirror to device br-int" <<<"$out" &&
		grep -q -w "in_hw" <<<"$out"
	check_err $? "no in_hw ARP rule with a mirred ingress to br-int on sw0_0: $(oneline echo "$out")"
	n0=$(flow_pkts "$(offloaded)" "$re")
	capture "$NSA" br-int 1 "arp and src host 10.0.0.1"
	ip -n "$NSC0" neigh flush dev sw0v0
	ping_ok "$NSC0" 10.0.0.2
	check_err $? "C0 -> C1 does not ping after a second flush"
	out=$(end_capture)
	grep -q "Request who-has 10.0.0.2" <<<"$out"
	check_err $? "br-int did not receive C0's ARP request: $out"
	busywait 5000 arp_flood_above "${n0:-0}"
	check_err $? "the offloaded ARP flood flow did not count the request: $n0 -> $(flow_pkts "$(offloaded)" "$re")"
	log_test "ARP flood to br-int (internal port) and the other representor offloaded"
}

# tunnel_check NAME CNS DEST VNI REP: C (ns CNS, behind representor REP)
# to B's DEST through a tunnel port of VNI: encap and decap offloaded.
tunnel_check()
{
	local name=$1 cns=$2 dest=$3 vni=$4 rep=$5
	local re_enc="in_port\\($rep\\),.*eth_type\\(0x0800\\).*set\\(tunnel\\(tun_id=$vni,.*vxlan_sys_4789"
	local re_dec="tunnel\\(tun_id=$vni,.*in_port\\(vxlan_sys_4789\\),.*eth_type\\(0x0800\\).*actions:$rep"
	local flows enc dec enc0 enc1 dec0 dec1 rx0 out mbps

	RET=0
	busywait 15000 ping_ok "$cns" "$dest"
	check_err $? "$name: C -> B ($dest) does not ping: $(oneline appctl dpctl/dump-flows --names type=all)"
	busywait 10000 offloaded_has "$re_dec"
	flows=$(offloaded)
	[[ -n $(flow_pkts "$flows" "$re_enc") ]]
	check_err $? "$name: no offloaded encap flow from $rep: $(oneline offloaded)"
	[[ -n $(flow_pkts "$flows" "$re_dec") ]]
	check_err $? "$name: no offloaded decap flow to $rep: $(oneline offloaded)"
	[ "$(in_hw_rules vxlan_sys_4789)" -ge 1 ]
	check_err $? "$name: no in_hw rule on vxlan_sys_4789 (indirect block)"

	enc0=$(fp_stat "$NSA" sw0 encap)
	dec0=$(fp_stat "$NSA" sw0 decap)
	rx0=$(pkts "$NSA" "$rep" rx)
	iperf3_server "$NSB"
	check_err $? "$name: no iperf3 server in B"
	out=$(ip netns exec "$cns" timeout 30 iperf3 -c "$dest" -t 3 -J \
	      --connect-timeout 5000 2>/dev/null)
	check_err $? "$name: iperf3 C -> B failed: $(jq -r '.error // empty' <<<"$out" 2>/dev/null)"
	mbps=$(jq '.end.sum_received.bits_per_second / 1000000 | floor' <<<"$out" 2>/dev/null)
	enc1=$(fp_stat "$NSA" sw0 encap)
	dec1=$(fp_stat "$NSA" sw0 decap)
	flows=$(offloaded)
	enc=$(flow_pkts "$flows" "$re_enc")
	dec=$(flow_pkts "$flows" "$re_dec")
	log_info "$name: TCP C -> B ${mbps:-?} Mbit/s; encap $enc0 -> $enc1," \
		"decap $dec0 -> $dec1; OVS flows: encap $enc, decap $dec packets;" \
		"$rep rx $rx0 -> $(pkts "$NSA" "$rep" rx)"
	[[ -n $mbps ]] && ((mbps > 0))
	check_err $? "$name: no TCP throughput over the tunnel"
	((enc1 >= enc0 + 500 && dec1 >= dec0 + 100))
	check_err $? "$name: fast path encap/decap did not count the stream: $enc0 -> $enc1, $dec0 -> $dec1"
	[[ -n $enc && -n $dec ]] && ((enc >= 500 && dec >= 100))
	check_err $? "$name: OVS's flows did not count the stream: encap '$enc', decap '$dec'"
	(($(pkts "$NSA" "$rep" rx) - rx0 <= 10))
	check_err $? "$name: the stream took the slow path: $rep rx $rx0 -> $(pkts "$NSA" "$rep" rx)"
	log_test "$name: encap and decap offloaded:yes, iperf3 across, rep still"
}

test_vxlan()
{
	RET=0
	ovs_tunnels
	check_err $? "VXLAN ports on br-int: $(ovs_log_tail ovs-vswitchd)"
	log_test "VXLAN ports (IPv4, IPv6) and OpenFlow rules on br-int"
	tunnel_check "VXLAN over IPv4" "$NSC0" 10.0.0.100 0x2a sw0_0
	tunnel_check "VXLAN over IPv6" "$NSC1" 10.0.1.100 0x2b sw0_1
}

test_ageing()
{
	local n

	RET=0
	busywait 10000 ping_ok "$NSC0" 10.0.0.100
	check_err $? "no traffic over vx4 for the flows to age from"
	n=$(vxfp_flows)
	((n > 0))
	check_err $? "no flow in the fast path before ageing: $n"
	# Idle for 2 s rather than 10: OVS takes its flows out of tc, which
	# takes them out of the fast path.
	vsctl set Open_vSwitch . other_config:max-idle=2000
	check_err $? "cannot set max-idle"
	busywait 30000 no_vxfp_flows
	check_err $? "flows did not age out of the fast path: $(vxfp_flows) left of $n: $(nl flow show switch sw0 | head -n 5)"
	! offloaded_has "eth_type\(0x0800\)"
	check_err $? "OVS still lists offloaded IPv4 flows: $(offloaded)"
	vsctl set Open_vSwitch . other_config:max-idle="$OVS_MAX_IDLE"
	check_err $? "cannot set max-idle back"
	log_test "idle flows age out of OVS, tc and the fast path ($n flows)"
}

# hw_rules_total: the in_hw tc rules on the ports OVS had, those left.
hw_rules_total()
{
	local d n=0

	for d in sw0_0 sw0_1 vxlan_sys_4789; do
		ip -n "$NSA" link show "$d" >/dev/null 2>&1 || continue
		n=$((n + $(in_hw_rules "$d")))
	done
	echo "$n"
}

# OVS's exit with --cleanup takes its ports out of the datapath, but may
# leave tc rules behind (a drop rule put on a port whose output went
# first): the fast path must hold exactly what tc still says is in
# hardware, and nothing once the qdiscs go.
test_ovs_exit_under_traffic()
{
	local pid vswd out d n

	RET=0
	busywait 10000 ping_ok "$NSC0" 10.0.0.100
	check_err $? "no traffic over vx4 again after ageing"
	ip netns exec "$NSC0" timeout 20 ping -f -W 1 10.0.0.100 >/dev/null 2>&1 &
	pid=$!
	busywait 5000 sh -c "[ \$(ip netns exec $NSA $NLCTL -s -j switch show name sw0 | jq '.[0].fastpath.flows') -gt 0 ]" >/dev/null
	check_err $? "no fast path flow under the ping flood"
	vswd=$(ovs_pid ovs-vswitchd)
	appctl -t ovs-vswitchd exit --cleanup
	check_err $? "ovs-appctl -t ovs-vswitchd exit --cleanup failed"
	busywait 10000 pid_gone "$vswd"
	check_err $? "ovs-vswitchd still runs 10 s after exit"
	sleep 1
	n=$(hw_rules_total)
	[ "$(vxfp_flows)" = "$n" ]
	check_err $? "the fast path holds $(vxfp_flows) flows, tc says $n rules are in hardware: $(oneline nl flow show switch sw0)"
	for d in sw0_0 sw0_1 vxlan_sys_4789; do
		ip netns exec "$NSA" tc qdisc del dev "$d" ingress 2>/dev/null
	done
	busywait 5000 no_vxfp_flows
	check_err $? "flows left in the fast path with no qdisc: $(oneline nl flow show switch sw0)"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	out=$(nl -j switch show name sw0 | jq -r '.[0].mode')
	[ "$out" = switchdev ]
	check_err $? "the switch did not stay in switchdev mode: $out"
	log_info "OVS left $n rules in hardware"
	log_test "OVS exits under traffic: fast path and tc agree, then empty"
}

# offloaded_rising REGEX: the packets of the offloaded:yes flow that
# matches rise by more than 50 in a second.
# shellcheck disable=SC2317 # called through busywait
offloaded_rising()
{
	local a b

	a=$(flow_pkts "$(offloaded | grep "offloaded:yes")" "$1")
	sleep 1
	b=$(flow_pkts "$(offloaded | grep "offloaded:yes")" "$1")
	[[ -n $a && -n $b ]] && ((b > a + 50))
}

# offload_again NAME: after a start of ovs-vswitchd, the encap and decap
# flows of C0's tunnel are offloaded:yes and counting, and tc says their
# rules on sw0_0 and on vxlan_sys_4789 are in hardware.
offload_again()
{
	local name=$1
	local re_enc='in_port\(sw0_0\),.*eth_type\(0x0800\).*set\(tunnel\(tun_id=0x2a,.*vxlan_sys_4789'
	local re_dec='tunnel\(tun_id=0x2a,.*in_port\(vxlan_sys_4789\),.*eth_type\(0x0800\).*actions:sw0_0'

	busywait 30000 offloaded_rising "$re_enc"
	check_err $? "$name: the encap flow is not offloaded:yes and counting: $(oneline offloaded)"
	busywait 10000 offloaded_rising "$re_dec"
	check_err $? "$name: the decap flow is not offloaded:yes and counting: $(oneline offloaded)"
	[ "$(in_hw_rules sw0_0)" -ge 1 ]
	check_err $? "$name: no in_hw rule on sw0_0: $(oneline ip netns exec "$NSA" tc filter show dev sw0_0 ingress)"
	[ "$(in_hw_rules vxlan_sys_4789)" -ge 1 ]
	check_err $? "$name: no in_hw rule on vxlan_sys_4789: $(oneline ip netns exec "$NSA" tc filter show dev vxlan_sys_4789 ingress)"
}

# OVS restarting, as on an upgrade: ovs-vswitchd, gone since the test
# before, started again on the same database (its bridge, ports and
# hw-offload), then stopped under traffic, without --cleanup, and started
# again: each time OVS offloads the tunnel's flows again (offloaded:yes,
# counting, in_hw), and traffic passes.
test_ovs_restart_under_traffic()
{
	local pid vswd e0 out mbps

	RET=0
	ovs_vswitchd_start && ovs_of_rules
	check_err $? "ovs-vswitchd did not start again: $(ovs_log_tail ovs-vswitchd)"
	busywait 30000 ping_ok "$NSC0" 10.0.0.100
	check_err $? "no traffic over vx4 with ovs-vswitchd back"
	# Until the restart's flows are checked: on a slow kernel that is
	# minutes away. timeout only bounds a test that never gets there.
	ip netns exec "$NSC0" timeout 600 ping -i 0.01 -W 1 10.0.0.100 \
		>/dev/null 2>&1 &
	pid=$!
	offload_again "started again"
	log_test "ovs-vswitchd started again on its database: flows offloaded again"

	RET=0
	vswd=$(ovs_pid ovs-vswitchd)
	appctl -t ovs-vswitchd exit
	check_err $? "ovs-appctl -t ovs-vswitchd exit failed"
	busywait 10000 pid_gone "$vswd"
	check_err $? "ovs-vswitchd still runs 10 s after exit"
	e0=$(fp_stat "$NSA" sw0 encap)
	sleep 1
	log_info "with ovs-vswitchd down: encap $e0 -> $(fp_stat "$NSA" sw0 encap) in 1 s, $(vxfp_flows) flows"
	ovs_vswitchd_start && ovs_of_rules
	check_err $? "ovs-vswitchd did not restart: $(ovs_log_tail ovs-vswitchd)"
	offload_again "restarted"
	# One for the first start, one for each start since.
	(($(grep -c "Flow API Enabled" "$OVS_LOGDIR/ovs-vswitchd.log") >= 3))
	check_err $? "a restarted ovs-vswitchd did not enable its flow API"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	e0=$(fp_stat "$NSA" sw0 encap)
	iperf3_server "$NSB"
	check_err $? "no iperf3 server in B"
	out=$(ip netns exec "$NSC0" timeout 30 iperf3 -c 10.0.0.100 -t 3 -J \
	      --connect-timeout 5000 2>/dev/null)
	check_err $? "iperf3 C0 -> B over vx4 failed after the restart"
	mbps=$(jq '.end.sum_received.bits_per_second / 1000000 | floor' <<<"$out" 2>/dev/null)
	log_info "after the restart: TCP C0 -> B ${mbps:-?} Mbit/s, encap $e0 -> $(fp_stat "$NSA" sw0 encap)"
	(($(fp_stat "$NSA" sw0 encap) >= e0 + 500))
	check_err $? "the fast path did not carry the stream: encap $e0 -> $(fp_stat "$NSA" sw0 encap)"
	log_test "ovs-vswitchd restarted under traffic: flows offloaded again, TCP across"
}

test_switch_del_under_traffic()
{
	local pid out vswd

	RET=0
	ovs_stop
	ovs_start && ovs_bridge sw0_0 sw0_1 && ovs_tunnels
	check_err $? "OVS did not come back: $(ovs_log_tail ovs-vswitchd)"
	busywait 15000 ping_ok "$NSC0" 10.0.0.100
	check_err $? "no traffic over vx4 with OVS back"
	ip netns exec "$NSC0" timeout 20 ping -f -W 1 10.0.0.100 >/dev/null 2>&1 &
	pid=$!
	sleep 1
	out=$(ip netns exec "$NSA" timeout 30 "$NLCTL" switch del name sw0 2>&1)
	check_err $? "switch del under traffic with OVS running failed: $out"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	vswd=$(ovs_pid ovs-vswitchd)
	check_err $? "ovs-vswitchd died with the switch: $(ovs_log_tail ovs-vswitchd)"
	[ -z "$(nl switch show)" ]
	check_err $? "a switch is still listed"
	[ "$(in_hw_rules vxlan_sys_4789)" = 0 ]
	check_err $? "in_hw rules left on vxlan_sys_4789: $(ip netns exec "$NSA" tc filter show dev vxlan_sys_4789 ingress | paste -sd'|' -)"
	out=$(ip -n "$NSA" -o link show | grep -E "sw0(_[0-9]+)?[:@]")
	[ -z "$out" ]
	check_err $? "switch netdevs left in ns A: $out"
	log_test "switch deleted under traffic with OVS running: nothing left"
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

klog_mark
setup || { echo "FAIL: setup failed"; exit "$ksft_fail"; }
test_ovs_up
test_vf_to_vf
test_arp_flood
test_vxlan
test_ageing
test_ovs_exit_under_traffic
test_ovs_restart_under_traffic
test_switch_del_under_traffic
RET=0
out=$(klog_splats)
[ -z "$out" ]
check_err $? "kernel log: $out"
log_test "no splat in the kernel log"
check_no_leftovers

exit "$EXIT_STATUS"

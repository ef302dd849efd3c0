#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the benchmark's scripts (tools/bench/datapaths.sh, ctrl.sh) share:
# namespaces made and removed, bounded waits, the results as one line
# each,
#
#	BENCH {"type": "run", "dp": "veth", "metric": "tcp1", ...}
#
# on standard output (the VM's console, which tools/bench/bench reads),
# and Open vSwitch started and stopped in a namespace as
# selftests/ovs.sh does it. Source it; it sets an EXIT trap that calls
# bench_cleanup.

BENCH_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_ROOT=$(cd "$BENCH_LIB_DIR/../.." && pwd)
: "${BENCH_OUT:=$BENCH_ROOT/build/bench}"
: "${BENCH_BIN:=$BENCH_OUT}"
: "${NLCTL:=$BENCH_ROOT/tools/nlctl/nlctl}"
: "${VXFP_KO:=$BENCH_ROOT/vxfp.ko}"
: "${BENCH_TIME:=4}"
: "${BENCH_REPS:=3}"
BENCH_SUFFIX=$(printf '%04x' $((RANDOM)))
BENCH_NS=()
BENCH_CLEANUP=()
BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/vxfp-bench.XXXXXX") || exit 1

log() { echo "bench: $*" >&2; }

# perf_start NAME / perf_stop: with BENCH_PERF=1, a profile of whatever
# runs in between, on every CPU, reported as "PERF NAME: " lines on
# standard output: the commands, then the symbols, with 0.5% of the
# samples or more (swapper's share is the CPUs' idle time);
# tools/bench/bench files them as build/bench/perf-NAME.txt. Without
# BENCH_PERF, or without perf, both do nothing.
#
# TCG has no PMU: the cpu-clock event samples every millisecond of each
# CPU. Its interrupts are slow under TCG, so the kernel would throttle
# the sampling to almost nothing (perf_cpu_time_max_percent) unless told
# not to. perf starts with its events off and sampling begins when it
# acknowledges "enable" on its control FIFO, so that nothing is missed
# while it starts up.
PERF_PID=
PERF_NAME=
perf_start()
{
	local ctl=$BENCH_TMP/perf.ctl ack=$BENCH_TMP/perf.ack fd_ctl fd_ack ok

	[[ ${BENCH_PERF:-0} != 0 ]] && command -v perf >/dev/null || return 0
	rm -f "$ctl" "$ack"
	mkfifo "$ctl" "$ack" || return 0
	sysctl -qw kernel.perf_cpu_time_max_percent=0
	perf record -q -a -e cpu-clock -c 1000000 -D -1 \
		--control "fifo:$ctl,$ack" -o "$BENCH_TMP/perf.data" \
		>/dev/null 2>&1 &
	PERF_PID=$!
	PERF_NAME=$1
	# read-write opens of a FIFO do not wait for the other end
	exec {fd_ctl}<>"$ctl" {fd_ack}<>"$ack"
	echo enable >&"$fd_ctl"
	read -r -t 30 -u "$fd_ack" ok
	exec {fd_ctl}>&- {fd_ack}>&-
	[[ $ok == ack ]] || log "perf did not start recording for $1"
}

perf_stop()
{
	[[ -n $PERF_PID ]] || return 0
	kill -INT "$PERF_PID"
	wait "$PERF_PID"
	PERF_PID=
	{
		perf report -i "$BENCH_TMP/perf.data" --stdio --no-children \
			--sort comm --percent-limit 0.5 2>/dev/null |
			grep -E '^# Samples|^[^#]'
		perf report -i "$BENCH_TMP/perf.data" --stdio --no-children \
			--sort sym --percent-limit 0.5 2>/dev/null |
			grep -E '^[^#]'
	} | sed "s|^|PERF $PERF_NAME: |"
	rm -f "$BENCH_TMP/perf.data"
}

# bench_now: seconds since the epoch, with microseconds, without a fork.
bench_now() { echo "$EPOCHREALTIME"; }

# elapsed T0 T1: T1 - T0 in seconds (3 decimals).
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# json_str S: S as a JSON string.
json_str()
{
	local s=$1

	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\t'/ }
	s=${s//$'\n'/ | }
	printf '"%s"' "$s"
}

# emit TYPE KEY=VALUE... : one result line. A VALUE that is a number is
# written as one, KEY:=JSON is written as it is, anything else as a string.
emit()
{
	local line kv k v

	line="{\"type\": $(json_str "$1")"
	shift
	for kv in "$@"; do
		if [[ $kv == *:=* ]]; then
			k=${kv%%:=*}
			v=${kv#*:=}
		else
			k=${kv%%=*}
			v=${kv#*=}
			[[ $v =~ ^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$ ]] ||
				v=$(json_str "$v")
		fi
		[[ -n $v ]] || v=null
		line+=", $(json_str "$k"): $v"
	done
	echo "BENCH $line}"
}

# busywait MS CMD...: rerun CMD every 0.2 s until it succeeds or MS ms.
busywait()
{
	local ms=$1 t0

	shift
	t0=${EPOCHREALTIME/./}
	until "$@"; do
		((${EPOCHREALTIME/./} - t0 < ms * 1000)) || return 1
		sleep 0.2
	done
}

# ns_make VAR...: a fresh netns for each VAR, named in VAR, lo up.
ns_make()
{
	local var name

	for var in "$@"; do
		name="bench-${var,,}-$BENCH_SUFFIX"
		ip netns add "$name" || return 1
		BENCH_NS+=("$name")
		ip -n "$name" link set lo up
		printf -v "$var" '%s' "$name"
	done
}

# ns_remove_all: kill what runs in our namespaces, delete them.
ns_remove_all()
{
	local ns

	for ns in "${BENCH_NS[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
	done
	for ns in "${BENCH_NS[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	BENCH_NS=()
}

# defer CMD...: run CMD at bench_cleanup, the last registered first.
defer()
{
	local q

	printf -v q '%q ' "$@"
	BENCH_CLEANUP+=("$q")
}

run_deferred()
{
	local i

	for ((i = ${#BENCH_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${BENCH_CLEANUP[i]}" >/dev/null 2>&1
	done
	BENCH_CLEANUP=()
}

bench_cleanup()
{
	run_deferred
	ns_remove_all
	rm -rf "$BENCH_TMP"
}
trap bench_cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# modprobe_once MOD: load MOD unless it is there (or built in); unload it
# at the end if we loaded it.
modprobe_once()
{
	[[ -d /sys/module/$1 ]] && return 0
	modprobe -q "$1" 2>/dev/null || return 1
	defer modprobe -r "$1"
}

vxfp_load()
{
	[[ -d /sys/module/vxfp ]] && return 0
	[[ -f $VXFP_KO ]] || { log "no module at $VXFP_KO"; return 1; }
	insmod "$VXFP_KO" || return 1
	defer busywait 5000 rmmod vxfp
}

# pkts NS DEV rx|tx
pkts()
{
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/${3}_packets"
}

# meminfo FIELD...: the fields of /proc/meminfo, in bytes, space separated.
meminfo()
{
	local f out=()

	for f in "$@"; do
		out+=("$(awk -v f="$f:" '$1 == f { print $2 * 1024 }' /proc/meminfo)")
	done
	echo "${out[*]}"
}

# mem_settle: caches dropped and what is freed late (RCU, namespaces
# going away) gone: MemFree steady to 1 MiB over two seconds, 20 s at
# most, before a memory reading.
mem_settle()
{
	local prev=0 cur i

	sync
	for ((i = 0; i < 20; i++)); do
		echo 3 >/proc/sys/vm/drop_caches 2>/dev/null
		sleep 1
		cur=$(awk '$1 == "MemFree:" { print $2 }' /proc/meminfo)
		((cur - prev < 1024 && prev - cur < 1024)) && ((i >= 2)) && return
		prev=$cur
	done
}

# ------------------------------------------------------------ Open vSwitch
# Both daemons in one namespace with all their state in a private
# directory, as selftests/ovs.sh runs them: ovs-vswitchd works in the
# namespace it started in and must see the ports there.

OVS_SCHEMA=/usr/share/openvswitch/vswitch.ovsschema
OVS_DIR=
OVS_NS=

ovs_available()
{
	command -v ovs-vswitchd >/dev/null && command -v ovsdb-server >/dev/null &&
		[[ -f $OVS_SCHEMA ]] && modprobe_once openvswitch
}

vsctl()
{
	ovs-vsctl --db="unix:$OVS_DIR/db.sock" --timeout=20 "$@"
}

appctl()
{
	ovs-appctl --timeout=20 "$@"
}

ovs_pid()
{
	local pid

	pid=$(cat "$OVS_DIR/$1.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null &&
		echo "$pid"
}

pid_gone() { ! kill -0 "$1" 2>/dev/null; }

# ovs_after_boot: the system up for 11 s, which Open vSwitch 3.1.0 needs
# to run upcall handlers at all (selftests/ovs.sh's ovs_after_boot tells
# why); BENCH_DATAPATHS may start with an OVS datapath.
ovs_after_boot()
{
	local up

	up=$(cut -d. -f1 /proc/uptime)
	((up >= 11)) || sleep $((11 - up))
}

# ovs_start NS HW_OFFLOAD(true|false)
ovs_start()
{
	OVS_NS=$1
	OVS_DIR=$(mktemp -d "$BENCH_TMP/ovs.XXXXXX") || return 1
	export OVS_RUNDIR=$OVS_DIR OVS_DBDIR=$OVS_DIR OVS_LOGDIR=$OVS_DIR
	defer ovs_stop
	ovsdb-tool create "$OVS_DIR/conf.db" "$OVS_SCHEMA" || return 1
	ip netns exec "$OVS_NS" ovsdb-server "$OVS_DIR/conf.db" \
		--remote="punix:$OVS_DIR/db.sock" \
		--pidfile="$OVS_DIR/ovsdb-server.pid" \
		-vconsole:off --log-file="$OVS_DIR/ovsdb-server.log" --detach ||
		return 1
	busywait 20000 test -S "$OVS_DIR/db.sock" || return 1
	vsctl --no-wait init || return 1
	vsctl --no-wait set Open_vSwitch . other_config:hw-offload="$2" || return 1
	ovs_after_boot
	ip netns exec "$OVS_NS" ovs-vswitchd "unix:$OVS_DIR/db.sock" \
		--pidfile="$OVS_DIR/ovs-vswitchd.pid" \
		-vconsole:off --log-file="$OVS_DIR/ovs-vswitchd.log" --detach ||
		return 1
	busywait 20000 appctl -t ovs-vswitchd version >/dev/null
}

ovs_stop()
{
	local d pid

	[[ -n $OVS_DIR && -d $OVS_DIR ]] || return 0
	if pid=$(ovs_pid ovs-vswitchd); then
		vsctl --if-exists del-br br-int
		appctl -t ovs-vswitchd exit --cleanup
		busywait 10000 pid_gone "$pid"
	fi
	ip netns exec "$OVS_NS" ovs-dpctl del-dp ovs-system 2>/dev/null
	if pid=$(ovs_pid ovsdb-server); then
		appctl -t ovsdb-server exit
		busywait 10000 pid_gone "$pid"
	fi
	for d in ovs-vswitchd ovsdb-server; do
		pid=$(ovs_pid $d) && kill -9 "$pid"
	done
	rm -rf "$OVS_DIR"
	OVS_DIR=
} >/dev/null 2>&1

ovs_log_tail()
{
	tail -n "${2:-3}" "$OVS_DIR/$1.log" 2>/dev/null | paste -sd'|' -
}

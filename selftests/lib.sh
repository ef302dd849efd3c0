#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Common helpers for the vxfp selftests, in the style of the kernel's
# tools/testing/selftests/net/forwarding/lib.sh. Source it first:
#
#	source "$(dirname "$0")/lib.sh"
#
#	test_cleanup() { ...per-test teardown, optional... }
#	(or define your own cleanup() that calls ns_cleanup, and trap it on EXIT)
#	ns_create NS1 NS2		# $NS1, $NS2: unique names, auto-deleted
#	RET=0
#	ip -n "$NS1" link add ...; check_err $? "cannot add link"
#	log_test "link add"
#	check_no_leftovers
#	exit "$EXIT_STATUS"
#
# Exit status: 0 pass, 1 fail ($ksft_fail) if any TEST failed, 4 skip
# ($ksft_skip) if TESTs were skipped and none passed or failed.

# shellcheck disable=SC2034 # variables for the tests that source this file
ksft_pass=0
ksft_fail=1
ksft_xfail=2
ksft_skip=4

EXIT_STATUS=${EXIT_STATUS:-0}
RET=0
retmsg=
nr_pass=0
nr_fail=0
nr_skip=0

VERBOSE=${VERBOSE:-0}
PAUSE_ON_FAIL=${PAUSE_ON_FAIL:-no}

VXFP_SELFTEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VXFP_ROOT=$(cd "$VXFP_SELFTEST_DIR/.." && pwd)
: "${NLCTL:=$VXFP_ROOT/tools/nlctl/nlctl}"
: "${VXFP_KO:=$VXFP_ROOT/vxfp.ko}"
: "${VXFP_KO_ARGS:=}"
export NLCTL VXFP_KO

# Unique suffix for the names this test creates.
VXFP_SUFFIX=$(printf '%04x%04x' $((RANDOM)) $((RANDOM)))

# Resources registered for cleanup.
NS_LIST=()
CLEANUP_CMDS=()
VXFP_LOADED_BY_US=0

# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------

# Merge two ksft status codes: fail > skip > xfail > pass.
ksft_status_merge()
{
	local a=$1 b=$2 w
	for w in "$ksft_fail" "$ksft_skip" "$ksft_xfail"; do
		if [[ $a == "$w" || $b == "$w" ]]; then
			echo "$w"
			return
		fi
	done
	echo "$ksft_pass"
}

# check_err ERR [MSG]: record a failure if ERR is non-zero.
check_err()
{
	local err=$1 msg=${2:-}

	if [[ $RET -eq 0 && $err -ne 0 ]]; then
		RET=$err
		retmsg=$msg
	fi
}

# check_fail ERR [MSG]: record a failure if ERR is zero (expected failure
# did not happen).
check_fail()
{
	local err=$1 msg=${2:-}

	if [[ $RET -eq 0 && $err -eq 0 ]]; then
		RET=$ksft_fail
		retmsg=$msg
	fi
}

# check_err_fail SHOULD_FAIL ERR WHAT
check_err_fail()
{
	local should_fail=$1 err=$2 what=$3

	if ((should_fail)); then
		check_fail "$err" "$what succeeded, but should have failed"
	else
		check_err "$err" "$what failed"
	fi
}

# Mark the current test skipped (before log_test).
skip_test()
{
	RET=$ksft_skip
	retmsg=${1:-}
}

_log_line()
{
	printf "TEST: %-60s  [%s]\n" "$1" "$2"
}

# log_test NAME [DETAIL]: print the verdict for the checks since the last
# log_test and reset RET.
log_test()
{
	local name=$1 opt=${2:-}

	[[ -n $opt ]] && name="$name ($opt)"
	if [[ $RET -eq $ksft_skip ]]; then
		_log_line "$name" "SKIP"
		[[ -n $retmsg ]] && printf "\t%s\n" "$retmsg"
		nr_skip=$((nr_skip + 1))
		# the script only counts as skipped if nothing passed
		((nr_pass)) || EXIT_STATUS=$(ksft_status_merge "$EXIT_STATUS" "$ksft_skip")
	elif [[ $RET -ne 0 ]]; then
		_log_line "$name" "FAIL"
		printf "\t%s\n" "${retmsg:-failed (status $RET)}"
		nr_fail=$((nr_fail + 1))
		EXIT_STATUS=$(ksft_status_merge "$EXIT_STATUS" "$ksft_fail")
		if [[ $PAUSE_ON_FAIL == yes ]]; then
			echo "Hit enter to continue, 'q' to quit"
			read -r a
			[[ $a == q ]] && exit 1
		fi
	else
		_log_line "$name" " OK "
		nr_pass=$((nr_pass + 1))
		[[ $EXIT_STATUS == "$ksft_skip" ]] && EXIT_STATUS=$ksft_pass
	fi
	RET=0
	retmsg=
	return 0
}

# log_test_skip NAME [REASON]
log_test_skip()
{
	RET=$ksft_skip
	retmsg=${2:-}
	log_test "$1"
}

log_info()
{
	echo "INFO: $*"
}

# Print a command and its output when VERBOSE=1; always run it.
run_cmd()
{
	local out rc

	out=$("$@" 2>&1)
	rc=$?
	if [[ $VERBOSE == 1 ]]; then
		echo "    COMMAND: $*"
		[[ -n $out ]] && printf '%s\n' "$out" | sed 's/^/    /'
	fi
	return "$rc"
}

# Skip the whole test script.
skip_all()
{
	echo "SKIP: $*"
	exit "$ksft_skip"
}

# --------------------------------------------------------------------------
# Requirements
# --------------------------------------------------------------------------

require_root()
{
	[[ $(id -u) -eq 0 ]] || skip_all "need root privileges"
}

# require_cmd CMD...: skip the test if a command is missing.
require_cmd()
{
	local cmd

	for cmd in "$@"; do
		command -v "$cmd" >/dev/null 2>&1 || skip_all "$cmd not installed"
	done
}

# require_mod MOD...: skip if a kernel module can not be loaded.
require_mod()
{
	local mod

	for mod in "$@"; do
		[[ -d /sys/module/$mod ]] && continue
		modprobe -q "$mod" 2>/dev/null || skip_all "kernel module $mod not available"
	done
}

require_nlctl()
{
	[[ -x $NLCTL ]] || skip_all "nlctl not found at $NLCTL (set NLCTL=)"
}

# --------------------------------------------------------------------------
# busywait TIMEOUT_MS CMD...: rerun CMD until it succeeds or TIMEOUT_MS has
# passed; prints CMD's last output and returns its last status.
# --------------------------------------------------------------------------

_now_ms()
{
	local s=${EPOCHREALTIME/[.,]/}

	echo $((s / 1000))
}

busywait()
{
	local timeout=$1; shift
	local start out ret

	start=$(_now_ms)
	while true; do
		out=$("$@")
		ret=$?
		if ((ret == 0)) || (($(_now_ms) - start > timeout)); then
			[[ -n $out ]] && printf '%s\n' "$out"
			return "$ret"
		fi
		sleep 0.1
	done
}

# --------------------------------------------------------------------------
# Network namespaces
# --------------------------------------------------------------------------

# ns_create VAR...: create a uniquely named netns for each VAR, store the
# name in VAR, bring lo up inside and register it for cleanup.
ns_create()
{
	local var name n

	for var in "$@"; do
		name="${var,,}-$VXFP_SUFFIX"
		n=1
		while [[ -e /run/netns/$name ]]; do
			name="${var,,}-$VXFP_SUFFIX-$((n++))"
		done
		ip netns add "$name" || { echo "cannot create netns $name" >&2; return 1; }
		NS_LIST+=("$name")
		ip -n "$name" link set lo up
		printf -v "$var" '%s' "$name"
	done
}
# Name used by the kernel's net/lib.sh.
setup_ns() { ns_create "$@"; }

ns_destroy()
{
	local ns i

	for ns in "$@"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
		for i in "${!NS_LIST[@]}"; do
			[[ ${NS_LIST[$i]} == "$ns" ]] && unset 'NS_LIST[i]'
		done
	done
	NS_LIST=("${NS_LIST[@]}")
}

# ns_cleanup: delete every netns created by ns_create (for tests that define
# their own cleanup()).
ns_cleanup()
{
	((${#NS_LIST[@]} == 0)) || ns_destroy "${NS_LIST[@]}"
}

# defer CMD...: run CMD at cleanup (last registered runs first).
defer()
{
	local q

	printf -v q '%q ' "$@"
	CLEANUP_CMDS+=("$q")
}

# --------------------------------------------------------------------------
# vxfp module
# --------------------------------------------------------------------------

vxfp_loaded()
{
	[[ -d /sys/module/vxfp ]]
}

# vxfp_load: insmod $VXFP_KO unless vxfp is already loaded.
vxfp_load()
{
	vxfp_loaded && return 0
	if [[ ! -f $VXFP_KO ]]; then
		echo "vxfp module not found at $VXFP_KO (set VXFP_KO= or -m)" >&2
		return 1
	fi
	# shellcheck disable=SC2086 # word splitting of the module arguments
	insmod "$VXFP_KO" $VXFP_KO_ARGS || return 1
	VXFP_LOADED_BY_US=1
}

# vxfp_unload: rmmod vxfp (waits up to 5 s for the module to become unused).
vxfp_unload()
{
	vxfp_loaded || return 0
	busywait 5000 rmmod vxfp >/dev/null 2>&1 || rmmod vxfp
}

# require_vxfp: load the module or skip the test if it is not built.
require_vxfp()
{
	[[ -f $VXFP_KO ]] || vxfp_loaded || skip_all "vxfp module not found at $VXFP_KO"
	vxfp_load || { echo "FAIL: cannot load $VXFP_KO"; exit "$ksft_fail"; }
}

# wire_create NS_A NS_B [ADDR_B]: a veth "wire", eth0 in NS_A to eth0 in
# NS_B, both up, with ADDR_B (address/prefix) on NS_B's end if given.
wire_create()
{
	ip -n "$1" link add eth0 type veth peer name eth0 netns "$2" &&
	ip -n "$1" link set eth0 up &&
	ip -n "$2" link set eth0 up || return 1
	[[ -z ${3:-} ]] || ip -n "$2" addr add "$3" dev eth0
}

# vf_to_ns NS_SW VF NS ADDR: hand a VF from the switch's namespace to
# another (a container), with ADDR (address/prefix), up.
vf_to_ns()
{
	ip -n "$1" link set "$2" netns "$3" &&
	ip -n "$3" addr add "$4" dev "$2" &&
	ip -n "$3" link set "$2" up
}

# iperf3_server NS: a one-shot iperf3 server in NS, listening on return,
# stopped at cleanup.
iperf3_server()
{
	local ns=$1 pidfile

	pidfile=$(mktemp -u "${TMPDIR:-/tmp}/vxfp-iperf.XXXXXX")
	ip netns exec "$ns" iperf3 -s -1 -D -I "$pidfile" || return 1
	defer _iperf3_stop "$pidfile"
	busywait 5000 sh -c \
		"ip netns exec $ns ss -Hltn 'sport = :5201' | grep -q ."
}

_iperf3_stop()
{
	[[ -f $1 ]] && kill "$(cat "$1")" 2>/dev/null
	rm -f "$1"
}

# --------------------------------------------------------------------------
# Traffic and what the wire shows
# --------------------------------------------------------------------------

# mac NS DEV: a netdev's MAC address.
mac()
{
	ip -n "$1" -j link show "$2" | jq -r '.[0].address'
}

# pkts NS DEV rx|tx: a netdev's packet counter.
pkts()
{
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/${3}_packets"
}

# ping_n NS DEST COUNT [PING_ARGS...]: COUNT pings, every one answered.
ping_n()
{
	local ns=$1 dest=$2 count=$3

	shift 3
	ip netns exec "$ns" ping -c "$count" -i 0.2 -W 1 "$@" "$dest" \
		>/dev/null 2>&1
}

# capture NS DEV COUNT FILTER [TCPDUMP_ARGS...]: tcpdump in the background
# until COUNT packets; returns once it listens. end_capture, after the
# traffic, prints what it saw. Immediate mode: each packet is written as
# it comes, not when the kernel's buffer block is handed over, so a
# capture stopped early has everything before the stop. CAPTURE_MAX
# seconds (120) only bound a test that never gets to end_capture.
CAPTURE_MAX=120

capture()
{
	capture_for "$CAPTURE_MAX" "$@"
}

# capture_for SECONDS NS DEV COUNT FILTER [TCPDUMP_ARGS...]: the same,
# for SECONDS at most: for traffic already flowing (a stream started
# before), whose capture wait_capture reads once they are up, or for
# traffic that itself lasts longer than CAPTURE_MAX allows for.
capture_for()
{
	local secs=$1 ns=$2 dev=$3 count=$4 filter=$5

	shift 5
	CAPTURE=$(mktemp)
	CAPTURE_SECS=$secs
	ip netns exec "$ns" timeout "$secs" tcpdump -nnel --immediate-mode \
		-i "$dev" -c "$count" "$@" "$filter" \
		>"$CAPTURE" 2>"$CAPTURE.err" &
	CAPTURE_PID=$!
	busywait 10000 grep -q "listening on" "$CAPTURE.err"
}

# Also from a command substitution, whose subshell cannot wait for
# tcpdump: it waits for the statistics tcpdump prints as it exits.
wait_capture()
{
	wait "$CAPTURE_PID" 2>/dev/null ||
		busywait $((CAPTURE_SECS * 1000 + 5000)) \
			grep -qE "packets? captured" "$CAPTURE.err"
	cat "$CAPTURE"
	rm -f "$CAPTURE" "$CAPTURE.err"
}

# end_capture: what capture's tcpdump saw, once it has its count of
# packets or, 5 s after the traffic at most, is stopped. Its own timeout
# only bounds a test that never gets here: on a slow kernel the traffic
# may come after it. So a capture that must see nothing is ended this way
# too: the 5 s run from the end of the traffic, not from its start.
end_capture()
{
	busywait 5000 grep -qE "packets? captured" "$CAPTURE.err" ||
		kill "$CAPTURE_PID" 2>/dev/null
	wait_capture
}

# count_lines TEXT REGEX: lines of TEXT that match (extended) REGEX.
count_lines()
{
	grep -c -E -- "$2" <<<"$1"
}

# --------------------------------------------------------------------------
# Fast path counters, as nlctl -s -j shows them (need jq)
# --------------------------------------------------------------------------

# fp_stat NS SWITCH COUNTER: a counter of a switch's fast path, by its JSON
# name: flows, masks, hits, misses, encap, decap, slow_path, drops.action,
# drops.too_big, ... Fails (prints null) if there is no such counter.
fp_stat()
{
	ip netns exec "$1" "$NLCTL" -s -j switch show name "$2" |
		jq -e ".[0].fastpath.$3"
}

# flow_pkts NS SWITCH COOKIE: the packets that took a flow.
flow_pkts()
{
	ip netns exec "$1" "$NLCTL" -s -j flow get switch "$2" cookie "$3" |
		jq -e '.[0].stats.packets'
}

# flow_count NS SWITCH: how many flows nlctl flow show lists.
flow_count()
{
	ip netns exec "$1" "$NLCTL" flow show switch "$2" | grep -c '^switch '
}

# --------------------------------------------------------------------------
# Kernel health: splats in the kernel log, kmemleak
# --------------------------------------------------------------------------

# What tools/vm/run also looks for in the kernel log.
KLOG_SPLAT_RE='BUG:|WARNING:|Oops|KASAN|UBSAN|possible circular locking|suspicious RCU usage|kernel BUG|general protection fault|unreferenced object|suspected memory leak|Kernel panic|soft lockup|hard LOCKUP|unregister_netdevice: waiting for'
KLOG_MARK=0

# klog_mark: remember where the kernel log is; klog_splats prints what
# offending lines were logged since.
klog_mark()
{
	KLOG_MARK=$(dmesg 2>/dev/null | wc -l)
}

klog_splats()
{
	dmesg 2>/dev/null | tail -n +$((KLOG_MARK + 1)) | grep -E "$KLOG_SPLAT_RE"
}

KMEMLEAK=/sys/kernel/debug/kmemleak

# kmemleak_scan: with kmemleak, scan twice (an object must look
# unreferenced for 5 s to be reported), print what it suspects, forget it,
# and fail if there was anything. Returns 4 without kmemleak.
kmemleak_scan()
{
	local out

	[[ -w $KMEMLEAK ]] || return "$ksft_skip"
	echo scan >"$KMEMLEAK" && sleep 6 && echo scan >"$KMEMLEAK"
	out=$(cat "$KMEMLEAK")
	echo clear >"$KMEMLEAK"
	[[ -z $out ]] && return 0
	printf '%s\n' "$out" | head -n 60
	return 1
}

# --------------------------------------------------------------------------
# Cleanup and leftovers
# --------------------------------------------------------------------------

_list_netns()
{
	ip netns list 2>/dev/null | awk '{print $1}' | sort
}

_list_links()
{
	ip -o link show 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); print $2}' | sort
}

LEFTOVER_NS_BEFORE=$(_list_netns)
LEFTOVER_LINKS_BEFORE=$(_list_links)

_leftovers()
{
	comm -13 <(echo "$LEFTOVER_NS_BEFORE") <(_list_netns) | sed 's/^/netns /'
	comm -13 <(echo "$LEFTOVER_LINKS_BEFORE") <(_list_links) | sed 's/^/netdev /'
}

_no_leftovers()
{
	local left

	left=$(_leftovers)
	[[ -z $left ]] && return 0
	echo "$left"
	return 1
}

_cleanup_done=0

# Idempotent; called from the EXIT trap. Runs the test's test_cleanup hook
# (if defined), the deferred commands, then deletes the registered netns.
cleanup()
{
	local i

	((_cleanup_done)) && return 0
	_cleanup_done=1
	if declare -F test_cleanup >/dev/null; then
		test_cleanup
	fi
	for ((i = ${#CLEANUP_CMDS[@]} - 1; i >= 0; i--)); do
		eval "${CLEANUP_CMDS[i]}" >/dev/null 2>&1
	done
	CLEANUP_CMDS=()
	ns_cleanup
	return 0
}

# check_no_leftovers: run the cleanup now and report (as a TEST line) any
# netns or netdev that exists now but did not when lib.sh was sourced.
check_no_leftovers()
{
	local left

	cleanup
	# netdevs of deleted namespaces go away asynchronously
	left=$(busywait 5000 _no_leftovers)
	RET=0
	if [[ -n $left ]]; then
		check_err 1 "left behind: $(echo "$left" | paste -sd, - | sed 's/,/, /g')"
	fi
	log_test "no leftover netns/netdevs"
}

_on_exit()
{
	local rc=$?

	cleanup
	exit "$rc"
}
trap _on_exit EXIT
# make sure the EXIT trap runs on the harness' timeout and on ^C
trap 'exit 143' TERM
trap 'exit 130' INT

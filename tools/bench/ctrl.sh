#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The control-plane half of make bench, run as root in the VM: how fast
# flows go into the switch, what they cost in memory, how long a dump
# takes. BENCH_FLOWS flows through nlctl (default 100000), BENCH_TC_FLOWS
# through tc (default 10000: tc rules go in much slower), all distinct (a
# /32 destination each, one mask), each a forwarding rule from VF 0 to
# VF 1:
#
#   nlctl        nlctl -b FILE, "flow add switch sw0 ... dst_ip 10.x.y.z
#                action output vf1" lines (batched by nlctl)
#   tc-skip_sw   tc -b FILE, "filter add dev sw0_0 ingress ... flower
#                skip_sw dst_ip 10.x.y.z action mirred egress redirect dev
#                sw0_1": offloaded into vxfp through its tc callback
#   tc-skip_hw   the same rules with skip_hw: cls_flower in software only,
#                for comparison (on sw0_0 too)
#
#   ns A                                             ns B
#   +--------------------------------------------+   +--------+
#   | switch sw0 (switchdev, VFs sw0v0, sw0v1)   |   |        |
#   |   sw0_0, sw0_1: representors, tc ingress   |   |        |
#   |   eth0 (uplink) ---------------------------+---+ eth0   |
#   +--------------------------------------------+   +--------+
#
# Each method BENCH_REPS times: install (flows/s; the batch is sent in
# two halves, timed apart: a rate that falls in the second half is a cost
# per flow that grows with the flows installed), memory (MemFree,
# MemAvailable and Slab before and after, caches dropped, per flow), dump
# (nlctl flow show, or tc filter show) and removal (nlctl flow flush, or
# the ingress qdisc deleted). One "BENCH {...}" line per run
# (tools/bench/lib.sh). Without the vxfp module only tc-skip_hw runs, on
# a veth.

# shellcheck disable=SC2317 # functions called by name (defer)
set -u
# shellcheck source=tools/bench/lib.sh
source "$(dirname "$0")/lib.sh"

: "${BENCH_FLOWS:=100000}"
: "${BENCH_TC_FLOWS:=10000}"
: "${BENCH_CTRL_METHODS:=nlctl tc-skip_sw tc-skip_hw}"
OP_TIMEOUT=900

nl() { ip netns exec "$NSA" timeout "$OP_TIMEOUT" "$NLCTL" "$@"; }
tca() { ip netns exec "$NSA" timeout "$OP_TIMEOUT" tc "$@"; }

fp_flows()
{
	nl -s -j switch show name sw0 | jq -e '.[0].fastpath.flows'
}

fp_flows_are() { [[ $(fp_flows) == "$1" ]]; }

# The batch files, each in two halves (.1, .2): flow i matches
# 10.<i/65536>.<i/256%256>.<i%256>.
write_batches()
{
	awk -v n="$BENCH_FLOWS" -v ntc="$BENCH_TC_FLOWS" -v d="$BENCH_TMP" \
	    -v dev="$DEV" -v peer="$PEER" 'BEGIN {
		for (i = 1; i <= n || i <= ntc; i++) {
			ip = sprintf("10.%d.%d.%d", int(i / 65536),
				     int(i / 256) % 256, i % 256)
			if (i <= n)
				printf "flow add switch sw0 cookie %d prio 100 in_port vf0 dst_ip %s action output vf1\n",
					4096 + i, ip > (d "/nlctl.batch." (i <= n / 2 ? 1 : 2))
			if (i > ntc)
				continue
			half = i <= ntc / 2 ? 1 : 2
			for (m = 0; m < 2; m++)
				printf "filter add dev %s ingress protocol ip pref 10 handle %d flower %s dst_ip %s action mirred egress redirect dev %s\n",
					dev, i, m ? "skip_hw" : "skip_sw", ip, peer > (d (m ? "/hw" : "/sw") ".batch." half)
		}
	}'
}

setup()
{
	ns_make NSA NSB || return 1
	ip -n "$NSA" link add eth0 type veth peer name eth0 netns "$NSB" &&
		ip -n "$NSA" link set eth0 up && ip -n "$NSB" link set eth0 up ||
		return 1
	if [[ -x $NLCTL ]] && vxfp_load; then
		HAVE_VXFP=1
		nl switch add name sw0 uplink eth0 vfs 2 mode switchdev || return 1
		defer ip netns exec "$NSA" "$NLCTL" switch del name sw0
		ip -n "$NSA" link set sw0 up && ip -n "$NSA" link set sw0_0 up &&
			ip -n "$NSA" link set sw0_1 up || return 1
		DEV=sw0_0
		PEER=sw0_1
	else
		HAVE_VXFP=0
		ip -n "$NSA" link add v0 type veth peer name v1 &&
			ip -n "$NSA" link set v0 up && ip -n "$NSA" link set v1 up ||
			return 1
		DEV=v0
		PEER=v1
	fi
	write_batches
}

# mem_sample: "MEMFREE MEMAVAILABLE SLAB" in bytes, after settling.
mem_sample()
{
	mem_settle
	meminfo MemFree MemAvailable Slab
}

# per_flow BEFORE AFTER N: what each flow took.
per_flow() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.0f", (a - b) / n }'; }
# rate N SECS
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0) ? n / s : 0 }'; }

# install_batch METHOD REP BATCH CMD...: run CMD with each half of the
# batch, BATCH.1 then BATCH.2 (CMD gets the file as its last argument);
# sets T_HALF1, T_HALF2 (seconds) and ERR. The first run of each METHOD
# is profiled with BENCH_PERF=1 (build/bench/perf-ctrl-METHOD.txt).
install_batch()
{
	local method=$1 rep=$2 batch=$3 t0 t1 t2

	shift 3
	# the binary back in the page cache (the memory reading dropped it)
	"$@" /dev/null >/dev/null 2>&1
	((rep == 1)) && perf_start "ctrl-$method"
	t0=$(bench_now)
	"$@" "$batch.1" >/dev/null 2>"$BENCH_TMP/err" ||
		ERR="$* failed: $(head -c 300 "$BENCH_TMP/err")"
	t1=$(bench_now)
	[[ -n $ERR ]] || "$@" "$batch.2" >/dev/null 2>"$BENCH_TMP/err" ||
		ERR="$* failed: $(head -c 300 "$BENCH_TMP/err")"
	t2=$(bench_now)
	perf_stop
	T_HALF1=$(elapsed "$t0" "$t1")
	T_HALF2=$(elapsed "$t1" "$t2")
}

# report METHOD REP N: the BENCH line of a run, from install_batch's T_HALF1,
# T_HALF2, the memory samples M0 and M1, DUMP_S, DUMPED, REMOVE_S and ERR.
report()
{
	local method=$1 rep=$2 n=$3 f0 a0 s0 f1 a1 s1 secs h1 h2

	read -r f0 a0 s0 <<<"$M0"
	read -r f1 a1 s1 <<<"$M1"
	secs=$(awk -v a="$T_HALF1" -v b="$T_HALF2" 'BEGIN { printf "%.3f", a + b }')
	h1=$(( (n + 1) / 2 ))
	h2=$((n - h1))
	emit ctrl method="$method" rep="$rep" flows="$n" dev="${4:-}" \
		install_s="$secs" flows_per_s="$(rate "$n" "$secs")" \
		first_half_per_s="$(rate "$h1" "$T_HALF1")" \
		second_half_per_s="$(rate "$h2" "$T_HALF2")" \
		mem_bytes_per_flow="$(per_flow "$f0" "$f1" "$n")" \
		avail_bytes_per_flow="$(per_flow "$a0" "$a1" "$n")" \
		slab_bytes_per_flow="$(per_flow "$s1" "$s0" "$n")" \
		dump_s="$DUMP_S" dumped="$DUMPED" remove_s="$REMOVE_S" error="$ERR"
}

nl_batch() { nl -b "$1"; }
tc_batch() { tca -b "$1"; }

# run_nlctl REP
run_nlctl()
{
	local rep=$1 t0 t1 n=$BENCH_FLOWS

	ERR=
	M0=$(mem_sample)
	install_batch nlctl "$rep" "$BENCH_TMP/nlctl.batch" nl_batch
	[[ -n $ERR ]] || fp_flows_are "$n" ||
		ERR="the switch has $(fp_flows) flows, not $n"
	M1=$(mem_sample)
	t0=$(bench_now)
	DUMPED=$(nl flow show switch sw0 | grep -c '^switch ')
	t1=$(bench_now)
	DUMP_S=$(elapsed "$t0" "$t1")
	[[ -n $ERR || $DUMPED == "$n" ]] ||
		ERR="nlctl flow show listed $DUMPED flows, not $n"
	t0=$(bench_now)
	nl flow flush switch sw0 || ERR=${ERR:-"flow flush failed"}
	t1=$(bench_now)
	REMOVE_S=$(elapsed "$t0" "$t1")
	busywait 30000 fp_flows_are 0 || ERR=${ERR:-"flows left after the flush"}
	report nlctl "$rep" "$n"
}

# run_tc REP skip_sw|skip_hw
run_tc()
{
	local rep=$1 how=$2 t0 t1 n=$BENCH_TC_FLOWS want

	ERR=
	want=$n
	[[ $how == skip_hw ]] && want=0
	if ! tca qdisc add dev "$DEV" ingress; then
		emit ctrl method="tc-$how" rep="$rep" \
			error="cannot add an ingress qdisc to $DEV"
		return
	fi
	M0=$(mem_sample)
	install_batch "tc-$how" "$rep" "$BENCH_TMP/${how#skip_}.batch" tc_batch
	if ((HAVE_VXFP)) && [[ -z $ERR ]]; then
		fp_flows_are "$want" ||
			ERR="the switch has $(fp_flows) flows, not $want"
	fi
	M1=$(mem_sample)
	t0=$(bench_now)
	DUMPED=$(tca filter show dev "$DEV" ingress | grep -c '^filter .* handle ')
	t1=$(bench_now)
	DUMP_S=$(elapsed "$t0" "$t1")
	[[ -n $ERR || $DUMPED == "$n" ]] ||
		ERR="tc filter show listed $DUMPED filters, not $n"
	t0=$(bench_now)
	tca qdisc del dev "$DEV" ingress || ERR=${ERR:-"cannot delete the qdisc"}
	t1=$(bench_now)
	REMOVE_S=$(elapsed "$t0" "$t1")
	if ((HAVE_VXFP)); then
		busywait 60000 fp_flows_are 0 ||
			ERR=${ERR:-"$(fp_flows) flows left after the qdisc went"}
	fi
	report "tc-$how" "$rep" "$n" "$DEV"
}

[[ $(id -u) == 0 ]] || { log "needs root"; exit 1; }
for m in veth sch_ingress cls_flower act_mirred; do
	[[ -d /sys/module/$m ]] || modprobe -q "$m" 2>/dev/null
done
if ! setup >"$BENCH_TMP/setup.log" 2>&1; then
	emit ctrl method=setup error="setup failed: $(tail -n 3 "$BENCH_TMP/setup.log")"
	exit 0
fi
for ((rep = 1; rep <= BENCH_REPS; rep++)); do
	for method in $BENCH_CTRL_METHODS; do
		log "control plane: $method, run $rep"
		case $method in
		nlctl)
			if ((HAVE_VXFP)); then
				run_nlctl "$rep"
			else
				((rep > 1)) || emit ctrl method=nlctl status=skipped \
					error="no vxfp module"
			fi
			;;
		tc-skip_sw)
			if ((HAVE_VXFP)); then
				run_tc "$rep" skip_sw
			else
				((rep > 1)) || emit ctrl method=tc-skip_sw status=skipped \
					error="no vxfp module"
			fi
			;;
		tc-skip_hw) run_tc "$rep" skip_hw ;;
		esac
	done
done
exit 0

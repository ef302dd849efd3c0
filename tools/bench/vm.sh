#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What tools/bench/bench runs in the VM (tools/vm/run): the machine's
# facts, then every datapath (datapaths.sh), then the control plane
# (ctrl.sh), each a "BENCH {...}" line on the console, which is all that
# comes out of the VM (its writes stay in its tmpfs overlay).
#
#   tools/vm/run -- tools/bench/vm.sh
#
# Environment: what datapaths.sh and ctrl.sh take (BENCH_TIME,
# BENCH_REPS, BENCH_DATAPATHS, BENCH_FLOWS, BENCH_TC_FLOWS, BENCH_RR_CPU,
# VXFP_KO, NLCTL, BENCH_BIN),
# passed with VM_ENV.

set -u
dir=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tools/bench/lib.sh
source "$dir/lib.sh"

ver()
{
	"$@" 2>/dev/null | head -n 1
}

t0=$(bench_now)
klog() { dmesg --level=emerg,alert,crit,err,warn 2>/dev/null; }
klog0=$(klog | wc -l)
emit facts where=vm kernel="$(uname -r)" \
	cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
	cpus="$(nproc)" mem_total_kb="$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)" \
	iperf3="$(ver iperf3 --version)" ovs="$(ver ovs-vswitchd --version)" \
	iproute2="$(ver ip -V)" vxfp_ko="$VXFP_KO" \
	vxfp_srcversion="$(modinfo -F srcversion "$VXFP_KO" 2>/dev/null)" \
	bench_time="$BENCH_TIME" bench_reps="$BENCH_REPS" \
	bench_flows="${BENCH_FLOWS:-100000}" bench_tc_flows="${BENCH_TC_FLOWS:-10000}" \
	bench_rr_cpu="${BENCH_RR_CPU:-0}"

if [[ ${BENCH_DATAPATHS-unset} != none ]]; then
	t1=$(bench_now)
	"$dir/datapaths.sh"
	emit phase name=datapaths secs="$(elapsed "$t1" "$(bench_now)")"
fi
if [[ ${BENCH_CTRL:-1} != 0 ]]; then
	t1=$(bench_now)
	"$dir/ctrl.sh"
	emit phase name=ctrl secs="$(elapsed "$t1" "$(bench_now)")"
fi
emit phase name=vm secs="$(elapsed "$t0" "$(bench_now)")"
# The kernel's warnings meanwhile, for the record (tools/vm/run checks the
# log for splats): the last lines, but for the module's taint notice.
klog | tail -n +$((klog0 + 1)) | grep -v 'taints kernel' |
	tail -n 8 | while read -r line; do
		emit klog line="$line"
	done
exit 0

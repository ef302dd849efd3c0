#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzz the generic-netlink family (fuzz_genl.py) against live objects, then
# check that the kernel is healthy, that every object went with the
# fuzzing and that the module unloads.
#
#   ns A: fuzz_genl.py runs here                                ns B
#   +----------------------------------------------------+     +-------+
#   | fz0: switchdev, 4 VFs + reps, uplink up0 ----------+-----+ peer0 |
#   | fz1: legacy, 64 VFs,          uplink up1 ----------+-----+ peer1 |
#   | up2, up3: spare uplinks (for the fuzzer's own) ----+-----+ peer2,3|
#   +----------------------------------------------------+     +-------+
#
# FUZZ_SEED (default 1), FUZZ_ITERATIONS (default 3000) and FUZZ_TIME (cap
# in seconds, default 50) are passed on; run with another seed to explore.

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

FUZZ="$(dirname "$0")/fuzz_genl.py"
: "${FUZZ_SEED:=1}" "${FUZZ_ITERATIONS:=3000}" "${FUZZ_TIME:=50}"

require_root
require_cmd python3 devlink jq
require_nlctl

nl()
{
	ip netns exec "$NSA" "$NLCTL" "$@"
}

setup()
{
	local i ok

	RET=0
	require_vxfp
	ns_create NSA NSB
	for i in 0 1 2 3; do
		ip -n "$NSA" link add "up$i" type veth peer name "peer$i" \
			netns "$NSB" &&
		ip -n "$NSA" link set "up$i" up &&
		ip -n "$NSB" link set "peer$i" up
		check_err $? "cannot make veth up$i"
	done
	nl switch add name fz0 uplink up0 vfs 4 mode switchdev
	check_err $? "cannot make switch fz0"
	nl switch add name fz1 uplink up1 vfs 64
	check_err $? "cannot make switch fz1"
	ok=$RET
	log_test "setup: a switchdev and a 64-VF legacy switch"
	return "$ok"
}

test_fuzz()
{
	local out rc rate

	RET=0
	klog_mark
	log_info "fuzz_genl.py --seed $FUZZ_SEED --iterations $FUZZ_ITERATIONS --time $FUZZ_TIME"
	out=$(ip netns exec "$NSA" python3 "$FUZZ" --seed "$FUZZ_SEED" \
		--iterations "$FUZZ_ITERATIONS" --time "$FUZZ_TIME" \
		--keep fz0:up0:4:switchdev --keep fz1:up1:64:legacy 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/    /'
	check_err "$rc" "the fuzzer found problems (seed $FUZZ_SEED)"
	grep -q "^fuzz_genl: [0-9]* iterations in" <<<"$out"
	check_err $? "the fuzzer did not finish"
	rate=$(sed -n 's/^fuzz_genl: FUZZ_THROUGHPUT=//p' <<<"$out")
	log_test "genetlink fuzzing" "seed $FUZZ_SEED, ${rate:-?} messages/s"
}

test_kernel_healthy()
{
	local splats

	RET=0
	splats=$(klog_splats)
	[[ -z $splats ]]
	check_err $? "kernel log: $(head -n 5 <<<"$splats")"
	# The family still answers, and sanely.
	nl info >/dev/null
	check_err $? "nlctl info fails after fuzzing"
	log_test "kernel log clean, family answers after fuzzing"
}

test_nothing_left()
{
	local out

	RET=0
	out=$(nl switch show)
	[[ -z $out ]]
	check_err $? "switches left: $out"
	out=$(devlink dev show 2>/dev/null | grep vxfp)
	[[ -z $out ]]
	check_err $? "devlink instances left: $out"
	# In ns A: lo, the uplinks, and the fallback tunnels (sit0@NONE...)
	# that a kernel with sit, ipip or gre built in (the debug kernel)
	# puts in every namespace; nothing else.
	out=$(ip -n "$NSA" -o link show |
	      grep -v -E '^[0-9]+: (lo|up[0-3](@[^:]*)?|[^:@]+@NONE):')
	[[ -z $out ]]
	check_err $? "netdevs left in ns A: $out"
	[[ -z $(ls /sys/bus/vxfp/devices 2>/dev/null) ]]
	check_err $? "vxfp bus devices left: $(ls /sys/bus/vxfp/devices)"
	log_test "no switch, devlink instance, netdev or device left"
}

test_unload()
{
	RET=0
	vxfp_unload
	check_err $? "rmmod vxfp failed"
	lsmod | grep -q "^vxfp "
	check_fail $? "lsmod still shows vxfp"
	[[ ! -d /sys/module/vxfp ]]
	check_err $? "/sys/module/vxfp still there"
	log_test "module unloads after fuzzing"
}

test_kmemleak()
{
	local out rc

	RET=0
	out=$(kmemleak_scan)
	rc=$?
	if ((rc == ksft_skip)); then
		log_test_skip "no leak after fuzzing" "kernel without kmemleak"
		return
	fi
	check_err "$rc" "kmemleak: $out"
	log_test "no leak after fuzzing (kmemleak)"
}

test_cleanup()
{
	local sw

	for sw in $(nl -j switch show 2>/dev/null | jq -r '.[].name'); do
		nl switch del name "$sw"
	done
}

setup || exit "$EXIT_STATUS"
test_fuzz
test_kernel_healthy
test_nothing_left
test_unload
test_kmemleak
check_no_leftovers

exit "$EXIT_STATUS"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module loads and unloads cleanly, its generic-netlink family resolves
# with a policy on every command, and nlctl reports what the module says.
#
#   no topology: the module and its netlink family only

# shellcheck source=selftests/lib.sh
source "$(dirname "$0")/lib.sh"

GENL="$(dirname "$0")/genl.py"
test_load_unload()
{
	local i

	RET=0
	vxfp_unload
	for i in $(seq 20); do
		insmod "$VXFP_KO"
		check_err $? "insmod #$i failed"
		genl ctrl get name vxfp >/dev/null 2>&1
		check_err $? "family \"vxfp\" missing after load #$i"
		rmmod vxfp
		check_err $? "rmmod #$i failed"
		genl ctrl get name vxfp >/dev/null 2>&1
		check_fail $? "family \"vxfp\" still there after unload #$i"
		[ "$RET" -eq 0 ] || break
	done
	log_test "load and unload 20 times"
}

test_family()
{
	local out

	RET=0
	vxfp_load
	out=$(genl ctrl get name vxfp)
	check_err $? "genl ctrl get name vxfp failed"
	grep -q "monitor" <<<"$out"
	check_err $? "no monitor multicast group: $out"
	log_test "family resolves with its monitor group"
}

# Send REQUEST (genl.py arguments) and expect the answer to match PATTERN.
genl_expect()
{
	local pattern=$1 out

	shift
	out=$("$GENL" "$@" 2>&1)
	grep -qE "$pattern" <<<"$out"
	check_err $? "genl.py $*: \"$out\", expected /$pattern/"
}

test_strict_validation()
{
	RET=0
	vxfp_load
	genl_expect "^OK" INFO_GET
	# An attribute the command does not take, one past the last, one of
	# the wrong size, a string too long, values out of range.
	genl_expect "^ERR EINVAL .*[Uu]nsupported attribute" \
		INFO_GET SWITCH_NAME:str:sw0
	genl_expect "^ERR EINVAL" INFO_GET 200:u32:1
	genl_expect "^ERR EINVAL" SWITCH_GET SWITCH_ID:u8:1
	genl_expect "^ERR EINVAL" SWITCH_GET \
		SWITCH_NAME:str:a_name_longer_than_ifnamsiz
	genl_expect "^ERR ERANGE .*out of range" SWITCH_NEW \
		SWITCH_NAME:str:sw9 UPLINK_IFINDEX:u32:1 \
		NUM_VFS:u32:65
	genl_expect "^ERR ERANGE .*out of range" SWITCH_NEW \
		SWITCH_NAME:str:sw9 UPLINK_IFINDEX:u32:1 \
		ESWITCH_MODE:u8:7
	genl_expect "^ERR EINVAL .*name required" SWITCH_NEW \
		UPLINK_IFINDEX:u32:1
	genl_expect "^ERR (EOPNOTSUPP|ENOTSUP)" 99
	genl_expect "^ERR ENODEV .*Uplink device not found" \
		SWITCH_NEW SWITCH_NAME:str:sw9 \
		UPLINK_IFINDEX:u32:999999
	genl_expect "^OK" --dump SWITCH_GET
	log_test "strict validation: bad attributes refused with a reason"
}

test_info()
{
	local version out

	RET=0
	vxfp_load
	version=$(modinfo -F version "$VXFP_KO")
	out=$($NLCTL info)
	check_err $? "nlctl info failed"
	grep -q "version $version" <<<"$out"
	check_err $? "nlctl info does not say version $version: $out"
	grep -q "switch" <<<"$out"
	check_err $? "nlctl info does not list the switch feature: $out"

	out=$($NLCTL -j info)
	check_err $? "nlctl -j info failed"
	[ "$(jq -r .version <<<"$out")" = "$version" ]
	check_err $? "JSON version is not $version: $out"
	[ "$(jq -r '.features | index("switch") != null' <<<"$out")" = true ]
	check_err $? "JSON features lack \"switch\": $out"
	[ "$(jq -r .interface <<<"$out")" -ge 1 ]
	check_err $? "JSON interface version missing: $out"

	out=$($NLCTL version)
	check_err $? "nlctl version failed"
	grep -q "vxfp module $version" <<<"$out"
	check_err $? "nlctl version does not name the module's: $out"
	log_test "nlctl info and version"
}

test_no_module()
{
	local out rc

	RET=0
	vxfp_unload
	out=$($NLCTL info 2>&1)
	rc=$?
	[ "$rc" -eq 2 ]
	check_err $? "nlctl info without the module exited $rc, not 2"
	[ "$(wc -l <<<"$out")" -eq 1 ] && grep -q "^Error: .*not loaded" <<<"$out"
	check_err $? "not a one-line \"not loaded\" error: $out"
	log_test "nlctl without the module: one line, exit 2"
}

test_load_unload
test_family
test_strict_validation
test_info
test_no_module
check_no_leftovers

exit "$EXIT_STATUS"

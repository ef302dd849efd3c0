#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the vxfp selftests and report in kselftest TAP 13 format.
#
#   selftests/run_tests.sh [-m vxfp.ko] [-n nlctl] [-t SECS] [TEST...]
#
# Runs every executable selftests/*.sh (except lib.sh and this script) in
# sorted order, or the TESTs named ("foo", "foo.sh" or "selftests/foo.sh").
# Each test gets a timeout: "timeout=" of the file settings, as in
# kselftest, or env TIMEOUT or -t in its place; and for a test that settings
# gives its own "timeout.TEST=", the larger of that and the first. The last line
# is "N passed, N failed, N skipped", counted over the TEST: lines the tests
# print; exit status 0 iff nothing failed. Works inside the VM
# (tools/vm/run) and directly on a host that can load modules (as root).

set -u

prog=${0##*/}
dir=$(cd "$(dirname "$0")" && pwd)
self=$(basename "$0")
settings=$dir/settings

# setting KEY: the value of KEY= in the settings file, if any.
setting()
{
	[[ -r $settings ]] || return 0
	sed -n "s/^$1=\([0-9][0-9]*\)\$/\1/p" "$settings" | tail -n 1
}

timeout=${TIMEOUT:-$(setting timeout)}
timeout=${timeout:-600}

usage()
{
	sed -n 's/^#   //p' "$0" >&2
	exit 2
}

abspath()
{
	case $1 in
	/*) echo "$1" ;;
	*) echo "$PWD/${1#./}" ;;
	esac
}

while getopts "m:n:t:h" opt; do
	case $opt in
	m) VXFP_KO=$(abspath "$OPTARG"); export VXFP_KO ;;
	n) NLCTL=$(abspath "$OPTARG"); export NLCTL ;;
	t) timeout=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[[ $timeout =~ ^[0-9]+$ ]] || { echo "$prog: bad timeout '$timeout'" >&2; exit 2; }
# Relative paths from the environment are relative to the caller's cwd too.
[[ -n ${VXFP_KO:-} ]] && { VXFP_KO=$(abspath "$VXFP_KO"); export VXFP_KO; }
[[ -n ${NLCTL:-} ]] && { NLCTL=$(abspath "$NLCTL"); export NLCTL; }

tests=()
if (($#)); then
	for t in "$@"; do
		t=${t##*/}
		[[ $t == *.sh ]] || t=$t.sh
		tests+=("$t")
	done
else
	LC_COLLATE=C
	for t in "$dir"/*.sh; do
		[[ -f $t && -x $t ]] || continue
		t=${t##*/}
		case $t in lib.sh|"$self") continue ;; esac
		tests+=("$t")
	done
	unset LC_COLLATE
fi

[[ $(id -u) -eq 0 ]] || echo "# $prog: warning: not running as root" >&2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vxfp-selftests.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

passed=0
failed=0
skipped=0
n=0

echo "TAP version 13"
echo "1..${#tests[@]}"
cd "$dir" || exit 1
for t in "${tests[@]}"; do
	n=$((n + 1))
	name="selftests: vxfp: $t"
	out=$tmp/out
	echo "# $name"
	if [[ ! -f $t ]]; then
		echo "# Warning: file $t is missing!"
		echo "not ok $n $name"
		failed=$((failed + 1))
		continue
	fi
	if [[ ! -x $t ]]; then
		echo "# Warning: file $t is not executable"
		echo "not ok $n $name"
		failed=$((failed + 1))
		continue
	fi
	limit=$(setting "timeout\.${t//./\\.}")
	((${limit:-0} > timeout)) || limit=$timeout
	# timeout(1) puts the test in its own process group and kills all of it.
	timeout -k 10 "$limit" "./$t" </dev/null 2>&1 | tee "$out" | sed -u 's/^/# /'
	rc=${PIPESTATUS[0]}

	p=$(grep -c -E '^TEST: .*\[ OK \]' "$out")
	f=$(grep -c -E '^TEST: .*\[FAIL\]' "$out")
	s=$(grep -c -E '^TEST: .*\[SKIP\]' "$out")
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))

	if ((rc == 124 || rc == 137)); then
		echo "#"
		echo "# $t: timed out after $limit seconds"
		((f == 0)) && failed=$((failed + 1))
		echo "not ok $n $name # TIMEOUT $limit seconds"
	elif ((rc == 4)); then
		((p + f + s == 0)) && skipped=$((skipped + 1))
		if ((f)); then
			echo "not ok $n $name # exit=$rc"
		else
			echo "ok $n $name # SKIP"
		fi
	elif ((rc != 0)); then
		((f == 0)) && failed=$((failed + 1))
		echo "not ok $n $name # exit=$rc"
	elif ((f)); then
		# printed [FAIL] but exited 0: still a failure
		echo "not ok $n $name # $f TEST(s) failed but exit=0"
	else
		((p + s == 0)) && passed=$((passed + 1))
		echo "ok $n $name"
	fi
done

echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0))

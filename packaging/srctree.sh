#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# packaging/srctree.sh DEST PATH... - copy the source files under PATHs to
# DEST, as the packages ship them: in a git work tree the files git knows
# of or would add (tracked, or new and not ignored); elsewhere (an unpacked
# tarball) every file but the build products .gitignore names.

set -euo pipefail

dest=$1
shift
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files --cached --others --exclude-standard -- "$@"
else
	find "$@" -type f ! -name '*.o' ! -name '*.ko' ! -name '*.mod' \
		! -name '*.mod.c' ! -name '.*.cmd' ! -name '*.d' \
		! -name '*.symvers' ! -name '*.order' ! -path '*/generated/*' \
		! -path tools/nlctl/nlctl ! -path tools/nlctl/tests/unit \
		! -path tools/nlctl/tests/flow_bench ! -path 'tools/nlctl/tests/*_test' \
		! -name .version
fi | while IFS= read -r f; do
	# tracked files deleted in the work tree are not shipped
	[[ -e $f ]] && printf '%s\0' "$f"
done | sort -zu | xargs -0 cp -a --parents -t "$dest"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Instructions per lookup from the callgrind dumps of "ft_bench -c": each
# dump is named by its case, "flows=F masks=M hit|miss n=LOOKUPS".

printf '%-10s %-6s %-5s %12s\n' flows masks case 'Ir/lookup'
for f in $(printf '%s\n' "$@" | sort -t. -k4,4n); do
	awk '
	/^desc: Trigger: Client Request: / {
		sub(/^desc: Trigger: Client Request: /, ""); name = $0
	}
	/^(summary|totals):/ { ir = $2 }
	END {
		if (name == "")
			exit
		split(name, w, " ")
		split(w[1], fl, "="); split(w[2], ms, "="); split(w[4], n, "=")
		printf "%-10s %-6s %-5s %12.1f\n", fl[2], ms[2], w[3], ir / n[2]
	}' "$f"
done

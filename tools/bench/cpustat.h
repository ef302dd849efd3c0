/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine's CPU time, for the benchmark's helpers (rr, sampler): the
 * first line of /proc/stat, busy and total jiffies of every CPU.
 */
#ifndef VXFP_BENCH_CPUSTAT_H
#define VXFP_BENCH_CPUSTAT_H

#include <stdio.h>

static inline int cpu_jiffies(unsigned long long *busy,
			      unsigned long long *total)
{
	unsigned long long v[8] = { 0 };
	FILE *f = fopen("/proc/stat", "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
	fclose(f);
	if (n < 4)
		return -1;
	/* user nice system idle iowait irq softirq steal */
	*busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
	*total = *busy + v[3] + v[4];
	return 0;
}

#endif /* VXFP_BENCH_CPUSTAT_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 5.8 gave flow_stats_update() a drop count and the type of
 * hardware statistics used: (stats, bytes, pkts, drops, lastused,
 * used_hw_stats). Some RHEL 8 kernels have used_hw_stats without drops.
 */
#include <net/flow_offload.h>

void probe(struct flow_stats *stats);
void probe(struct flow_stats *stats)
{
	flow_stats_update(stats, 1, 1, 0, 0, FLOW_ACTION_HW_STATS_DELAYED);
}

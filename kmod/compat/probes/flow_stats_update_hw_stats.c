// SPDX-License-Identifier: GPL-2.0
/*
 * flow_stats_update(stats, bytes, pkts, lastused, used_hw_stats): the
 * form between the hardware statistics types and the drop count, left in
 * some RHEL 8 kernels. Not the form of any Linux release.
 */
#include <net/flow_offload.h>

void probe(struct flow_stats *stats);
void probe(struct flow_stats *stats)
{
	flow_stats_update(stats, 1, 1, 0, FLOW_ACTION_HW_STATS_DELAYED);
}

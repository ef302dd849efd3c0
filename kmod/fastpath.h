/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VXFP_FASTPATH_H
#define _VXFP_FASTPATH_H

#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <linux/u64_stats_sync.h>
#include <linux/vxfp.h>

struct vxfp_flow_key;
struct vxfp_switch;
struct vxfp_vport;

/* The counters of struct vxfp_fp_stats, as struct vxfp_fp_totals has them. */
enum vxfp_fp_counter {
	VXFP_FPC_HITS,
	VXFP_FPC_MISSES,
	VXFP_FPC_ENCAP,
	VXFP_FPC_DECAP,
	VXFP_FPC_SLOW_PATH,
	__VXFP_FPC_MAX,
};

/**
 * struct vxfp_fp_stats - one CPU's counters of a switch's fast path
 * @ctr: packets by enum vxfp_fp_counter
 * @drops: packets dropped, by enum vxfp_fp_drop_reason
 * @syncp: for 64-bit reads on 32-bit hosts
 */
struct vxfp_fp_stats {
	u64_stats_t ctr[__VXFP_FPC_MAX];
	u64_stats_t drops[__VXFP_FP_DROP_MAX];
	struct u64_stats_sync syncp;
};

/**
 * struct vxfp_fp_totals - a switch's fast-path counters, summed
 * @hits: packets that matched a flow
 * @misses: packets that matched none
 * @encap: packets put in a tunnel
 * @decap: packets taken out of one
 * @slow_path: packets a flow sent to the slow path
 * @drops: packets dropped, by enum vxfp_fp_drop_reason
 */
struct vxfp_fp_totals {
	u64 hits;
	u64 misses;
	u64 encap;
	u64 decap;
	u64 slow_path;
	u64 drops[__VXFP_FP_DROP_MAX];
};

int vxfp_fp_init(struct vxfp_switch *sw);
void vxfp_fp_stop(struct vxfp_switch *sw);
void vxfp_fp_uninit(struct vxfp_switch *sw);
void vxfp_fp_flush(struct vxfp_switch *sw);
void vxfp_fp_read_stats(const struct vxfp_switch *sw,
			struct vxfp_fp_totals *t);

int vxfp_fp_extract(const struct sk_buff *skb, unsigned int off,
		    struct vxfp_flow_key *key);
bool vxfp_fp_from_vf(struct vxfp_vport *vp, struct sk_buff *skb);
bool vxfp_fp_from_uplink(struct vxfp_switch *sw, struct sk_buff *skb);

#endif /* _VXFP_FASTPATH_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The masked flow table of the switch's fast path: what tc flower and OVS
 * offload lands in. The same source builds in the kernel and in userspace
 * (tools/ftbench), through ft_shim.h.
 */
#ifndef _VXFP_FLOW_TABLE_H
#define _VXFP_FLOW_TABLE_H

#include "ft_shim.h"
#include "flow_key.h"

/**
 * struct vxfp_ft_buckets - the bucket array of one hash table
 * @rcu: to free it once readers of a replaced array are gone
 * @retired: the RCU state when the array this one replaced stopped being
 *	published; the next resize, which reuses that array's hlist_node of
 *	each entry, waits for it
 * @shift: 32 minus log2 of the bucket count: a bucket is the top bits of
 *	the hash, so a chain is a range of hashes
 * @gen: which of its two hlist_nodes an entry is chained with in here
 * @buckets: the chains, each sorted by hash
 *
 * Never changes once published, except for the chains themselves.
 */
struct vxfp_ft_buckets {
	struct rcu_head rcu;
	unsigned long retired;
	u8 shift;
	u8 gen;
	struct hlist_head buckets[];
};

/**
 * struct vxfp_flow_mask - a mask, shared by the flows that use it
 * @key: the mask bits
 * @start: first u64 word of @key with a bit set
 * @end: one past the last such word (@start == @end: matches all)
 * @ref: number of flows using the mask; under the table's lock
 * @count: number of flows in @table, the same as @ref
 * @min_prio_stale: a flow of the lowest priority went away, so the
 *	bound in the mask array may be lower than it has to be
 * @hits: per-CPU count of lookups this mask gave the result of
 * @hits_last: sum of @hits at the last vxfp_ft_rebalance()
 * @hits_recent: @hits_last minus the sum at the rebalance before
 * @table: the mask's flows, hashed on their masked key over [@start, @end)
 * @rcu: to free the mask after the readers
 */
struct vxfp_flow_mask {
	struct vxfp_flow_key key;
	u8 start;
	u8 end;
	u32 ref;
	u32 count;
	bool min_prio_stale;
	u64 __percpu *hits;
	u64 hits_last;
	u64 hits_recent;
	struct vxfp_ft_buckets __rcu *table;
	struct rcu_head rcu;
};

/**
 * struct vxfp_ft_mask_ent - a mask as the lookup sees it
 * @mask: the mask
 * @min_prio: no flow of @mask has a priority value below this
 */
struct vxfp_ft_mask_ent {
	struct vxfp_flow_mask *mask;
	u32 min_prio;
};

/**
 * struct vxfp_ft_masks - the masks in the order lookups try them
 * @rcu: to free it once no reader uses it
 * @count: number of masks
 * @ents: the masks, sorted by @min_prio, then by hits, most first
 *
 * Never changes once published: an update publishes a new one.
 */
struct vxfp_ft_masks {
	struct rcu_head rcu;
	u32 count;
	struct vxfp_ft_mask_ent ents[];
};

/**
 * struct vxfp_flow_stats - one CPU's counters of a flow
 * @packets: packets that took the flow
 * @bytes: their bytes
 * @used: jiffies when it last took a packet, 0 if never
 * @syncp: for 64-bit reads on 32-bit hosts
 */
struct vxfp_flow_stats {
	u64_stats_t packets;
	u64_stats_t bytes;
	unsigned long used;
	struct u64_stats_sync syncp;
};

/**
 * struct vxfp_flow - a flow of the table
 * @node: in its mask's table, one per bucket array generation
 * @hash: hash of @key over the mask's range
 * @priority: lower value, higher priority, as tc
 * @mask: its mask
 * @key: the key, already masked by @mask
 * @actions: the caller's, freed by the table's free_actions callback
 * @stats: per-CPU counters
 * @cookie_node: in the table's cookie table, likewise
 * @cookie: the identity tc or OVS gave the flow, unique in the table
 * @ft: its table
 * @created: jiffies when it was installed
 * @rcu: to free the flow after the readers
 *
 * A lookup reads the first two cache lines (the chain, the hash and the
 * key words of the usual masks), a hit the third (actions and counters);
 * the rest is for the control path. 256 bytes on 64-bit, a kmalloc-256
 * object: keep it so.
 */
struct vxfp_flow {
	struct hlist_node node[2];
	u32 hash;
	u32 priority;
	struct vxfp_flow_mask *mask;
	struct vxfp_flow_key key;
	void *actions;
	struct vxfp_flow_stats __percpu *stats;
	struct hlist_node cookie_node[2];
	u64 cookie;
	struct vxfp_flow_table *ft;
	unsigned long created;
	struct rcu_head rcu;
};

/**
 * struct vxfp_flow_table - a masked flow table
 * @lock: see below
 * @masks: the masks, as lookups try them
 * @cookies: the flows by cookie
 * @count: number of flows; written under @lock
 * @seed: of the hashes
 * @free_actions: frees a flow's actions, after an RCU grace period, from
 *	an RCU callback (so it must not sleep); NULL if nothing to free
 */
struct vxfp_flow_table {
	struct mutex lock;	/* serialises updates; readers use RCU */
	struct vxfp_ft_masks __rcu *masks;
	struct vxfp_ft_buckets __rcu *cookies;
	u32 count;
	u32 seed;
	void (*free_actions)(void *actions);
};

/**
 * struct vxfp_ft_cursor - where a vxfp_ft_walk() resumes
 * @hash: cookie hash of the last flow visited
 * @cookie: cookie of the last flow visited
 * @started: whether a flow was visited yet; clear to start a walk
 *
 * Zero it (or vxfp_ft_cursor_init()) to begin a walk.
 */
struct vxfp_ft_cursor {
	u32 hash;
	u64 cookie;
	bool started;
};

static inline void vxfp_ft_cursor_init(struct vxfp_ft_cursor *cur)
{
	memset(cur, 0, sizeof(*cur));
}

int vxfp_ft_init(struct vxfp_flow_table *ft,
		 void (*free_actions)(void *actions));
void vxfp_ft_destroy(struct vxfp_flow_table *ft);
struct vxfp_flow *vxfp_ft_insert(struct vxfp_flow_table *ft,
				 const struct vxfp_flow_key *key,
				 const struct vxfp_flow_key *mask,
				 u32 priority, u64 cookie, void *actions,
				 struct netlink_ext_ack *extack);
int vxfp_ft_remove(struct vxfp_flow_table *ft, u64 cookie);
struct vxfp_flow *vxfp_ft_find(struct vxfp_flow_table *ft, u64 cookie);
struct vxfp_flow *vxfp_ft_lookup(struct vxfp_flow_table *ft,
				 const struct vxfp_flow_key *key);
void vxfp_ft_flush(struct vxfp_flow_table *ft);
void vxfp_ft_rebalance(struct vxfp_flow_table *ft);
u32 vxfp_ft_count(const struct vxfp_flow_table *ft);
u32 vxfp_ft_mask_count(const struct vxfp_flow_table *ft);
int vxfp_ft_walk(struct vxfp_flow_table *ft, struct vxfp_ft_cursor *cur,
		 int (*cb)(struct vxfp_flow *flow, void *arg), void *arg);
void vxfp_flow_stats_add(struct vxfp_flow *flow, unsigned int bytes);
void vxfp_flow_stats_read(const struct vxfp_flow *flow, u64 *packets,
			  u64 *bytes, unsigned long *used);

#endif /* _VXFP_FLOW_TABLE_H */

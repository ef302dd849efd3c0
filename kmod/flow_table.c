// SPDX-License-Identifier: GPL-2.0
/*
 * The masked flow table.
 *
 * Flows share their masks. Each mask has a hash table of its flows, hashed
 * (jhash2) on the masked key over the mask's range of u64 words only. A
 * lookup masks the packet's key with each mask in turn and probes that
 * mask's table: O(masks), O(1) per mask.
 *
 * Priority: lower value wins, as tc. A mask's table chains are sorted by
 * (hash, priority), so the first match in a mask is that mask's best. The
 * masks are tried in the order of the lowest priority value of their flows
 * (min_prio), then by how many lookups each answered since the last
 * vxfp_ft_rebalance(). Once a match of priority P is found, a mask whose
 * min_prio is P or more cannot do better, nor can any after it: the lookup
 * stops there. So one mask, or masks whose priorities do not overlap, cost
 * one probe per mask up to the first hit. Which flow a packet takes when
 * it matches several flows of the same priority is unspecified, as in a tc
 * flower instance (one per prio) and as with OVS megaflows, which never
 * overlap. min_prio only ever errs low (after a remove, until the next
 * rebalance), which costs probes, never a wrong result.
 *
 * Hash tables: our own, chained, RCU-safe, with a bucket array that grows
 * and shrinks. Each entry has two hlist_nodes; a bucket array links its
 * entries through one of them (its generation), so a resize links every
 * entry into a new array through the other node while readers still walk
 * the old one, then publishes the new one. Before a resize reuses the old
 * generation's nodes it waits (cond_synchronize_rcu(), seldom a real wait)
 * until no reader can be in the array that last used them. We do not use
 * rhashtable: the same code then runs in the kernel and in the userspace
 * tests, resizes happen under our own mutex rather than in a deferred
 * work item, and a bucket is a contiguous range of hashes (its top bits),
 * which gives dumps a cursor that survives resizes.
 *
 * Locking: lookups run under RCU (the caller's rcu_read_lock(), softirq)
 * and take no lock. Updates are serialised by the table's mutex. What a
 * reader may still see is freed after a grace period (call_rcu(),
 * kfree_rcu()); that includes the flow's actions, through the table's
 * free_actions callback.
 */

#include "flow_table.h"

#define VXFP_FT_MIN_BITS	4
#define VXFP_FT_MAX_BITS	24

enum vxfp_ft_kind {
	VXFP_FT_BY_KEY,		/* a mask's table: flow->node, flow->hash */
	VXFP_FT_BY_COOKIE,	/* the cookie table: ->cookie_node, hash of ->cookie */
};

/* a flow is a kmalloc-256 object on 64-bit: see struct vxfp_flow */
static_assert(sizeof(void *) != 8 || sizeof(struct vxfp_flow) <= 256);

/* the mask array of a table without masks; never freed */
static struct vxfp_ft_masks vxfp_ft_no_masks;

static struct hlist_node *vxfp_flow_node(struct vxfp_flow *flow,
					 enum vxfp_ft_kind kind, u8 gen)
{
	if (kind == VXFP_FT_BY_COOKIE)
		return &flow->cookie_node[gen];
	return &flow->node[gen];
}

static struct vxfp_flow *vxfp_node_flow(struct hlist_node *n,
					enum vxfp_ft_kind kind, u8 gen)
{
	if (kind == VXFP_FT_BY_COOKIE)
		return container_of(n - gen, struct vxfp_flow, cookie_node[0]);
	return container_of(n - gen, struct vxfp_flow, node[0]);
}

static u32 vxfp_cookie_hash(const struct vxfp_flow_table *ft, u64 cookie)
{
	return jhash_2words((u32)cookie, (u32)(cookie >> 32), ft->seed);
}

/*
 * The hash that places @flow in a table of @kind. That of the cookie is
 * not stored: only updates and dumps need it, and a flow fits in 256
 * bytes without it.
 */
static u32 vxfp_flow_hash(const struct vxfp_flow *flow,
			  enum vxfp_ft_kind kind)
{
	if (kind == VXFP_FT_BY_COOKIE)
		return vxfp_cookie_hash(flow->ft, flow->cookie);
	return flow->hash;
}

/* Whether @a sorts before @b in a chain. */
static bool vxfp_flow_before(const struct vxfp_flow *a,
			     const struct vxfp_flow *b, enum vxfp_ft_kind kind)
{
	u32 ha = vxfp_flow_hash(a, kind), hb = vxfp_flow_hash(b, kind);

	if (ha != hb)
		return ha < hb;
	if (kind == VXFP_FT_BY_COOKIE)
		return a->cookie < b->cookie;
	return a->priority < b->priority;
}

static u32 vxfp_ft_size(const struct vxfp_ft_buckets *b)
{
	return 1U << (32 - b->shift);
}

static struct vxfp_ft_buckets *vxfp_ft_buckets_alloc(unsigned int bits,
						     u8 gen)
{
	struct vxfp_ft_buckets *b;

	b = kvzalloc(struct_size(b, buckets, 1U << bits), GFP_KERNEL);
	if (!b)
		return NULL;
	b->retired = vxfp_get_completed_synchronize_rcu();
	b->shift = 32 - bits;
	b->gen = gen;
	return b;
}

/* Links @flow into its place in @b; under the table's lock. */
static void vxfp_ft_link(struct vxfp_ft_buckets *b, struct vxfp_flow *flow,
			 enum vxfp_ft_kind kind)
{
	struct hlist_head *head;
	struct hlist_node *n, *last = NULL;
	struct hlist_node *new = vxfp_flow_node(flow, kind, b->gen);

	head = &b->buckets[vxfp_flow_hash(flow, kind) >> b->shift];
	for (n = head->first; n; n = n->next) {
		if (vxfp_flow_before(flow, vxfp_node_flow(n, kind, b->gen),
				     kind)) {
			hlist_add_before_rcu(new, n);
			return;
		}
		last = n;
	}
	if (last)
		hlist_add_behind_rcu(new, last);
	else
		hlist_add_head_rcu(new, head);
}

static void vxfp_ft_unlink(struct vxfp_ft_buckets *b, struct vxfp_flow *flow,
			   enum vxfp_ft_kind kind)
{
	hlist_del_rcu(vxfp_flow_node(flow, kind, b->gen));
}

/*
 * Moves the entries of *@pp to a new bucket array of 2^@bits buckets and
 * publishes it; keeps the old one if memory is short. Under the lock.
 */
static void vxfp_ft_resize(struct vxfp_ft_buckets __rcu **pp,
			   struct vxfp_ft_buckets *old, unsigned int bits,
			   enum vxfp_ft_kind kind)
{
	struct hlist_node *n, *last = NULL;
	struct vxfp_ft_buckets *new;
	u32 i, idx, last_idx = 0;

	new = vxfp_ft_buckets_alloc(bits, !old->gen);
	if (!new)
		return;
	/* readers of the array that last chained through new->gen's nodes */
	cond_synchronize_rcu(old->retired);

	/*
	 * Buckets are ranges of hashes and chains are sorted, so this walks
	 * the entries in order and each lands at the tail of its new chain.
	 */
	for (i = 0; i < vxfp_ft_size(old); i++) {
		for (n = old->buckets[i].first; n; n = n->next) {
			struct vxfp_flow *flow = vxfp_node_flow(n, kind,
								old->gen);
			struct hlist_node *nn = vxfp_flow_node(flow, kind,
							       new->gen);

			idx = vxfp_flow_hash(flow, kind) >> new->shift;
			if (last && idx == last_idx)
				hlist_add_behind_rcu(nn, last);
			else
				hlist_add_head_rcu(nn, &new->buckets[idx]);
			last = nn;
			last_idx = idx;
		}
	}
	rcu_assign_pointer(*pp, new);
	new->retired = get_state_synchronize_rcu();
	kvfree_rcu(old, rcu);
}

/* Grows or shrinks *@pp, of @count entries, if its load asks for it. */
static void vxfp_ft_fit(struct vxfp_ft_buckets __rcu **pp,
			struct vxfp_ft_buckets *b, u32 count,
			enum vxfp_ft_kind kind)
{
	unsigned int bits = 32 - b->shift;

	if (count > vxfp_ft_size(b) && bits < VXFP_FT_MAX_BITS)
		vxfp_ft_resize(pp, b, bits + 1, kind);
	else if (count < vxfp_ft_size(b) / 8 && bits > VXFP_FT_MIN_BITS)
		vxfp_ft_resize(pp, b, bits - 1, kind);
}

static struct vxfp_ft_buckets *vxfp_ft_cookies(struct vxfp_flow_table *ft)
{
	return rcu_dereference_protected(ft->cookies,
					 lockdep_is_held(&ft->lock));
}

static struct vxfp_ft_masks *vxfp_ft_masks(struct vxfp_flow_table *ft)
{
	return rcu_dereference_protected(ft->masks,
					 lockdep_is_held(&ft->lock));
}

static struct vxfp_ft_buckets *vxfp_mask_table(struct vxfp_flow_table *ft,
					       struct vxfp_flow_mask *mask)
{
	return rcu_dereference_protected(mask->table,
					 lockdep_is_held(&ft->lock));
}

static u32 vxfp_key_hash(const struct vxfp_flow_table *ft,
			 const struct vxfp_flow_mask *mask, const u64 *words)
{
	return jhash2((const u32 *)&words[mask->start],
		      (mask->end - mask->start) * 2, ft->seed);
}

static bool vxfp_key_equal(const struct vxfp_flow *flow, const u64 *words,
			   const struct vxfp_flow_mask *mask)
{
	const u64 *fw = (const u64 *)&flow->key;
	unsigned int i;

	for (i = mask->start; i < mask->end; i++)
		if (fw[i] != words[i])
			return false;
	return true;
}

/* The flow of @mask that @pkt matches with the highest priority. RCU. */
static struct vxfp_flow *vxfp_mask_lookup(const struct vxfp_flow_table *ft,
					  const struct vxfp_flow_mask *mask,
					  const u64 *pkt)
{
	const u64 *mw = (const u64 *)&mask->key;
	u64 words[VXFP_FLOW_KEY_WORDS];
	struct vxfp_ft_buckets *b;
	struct hlist_node *n;
	unsigned int i;
	u32 hash;

	for (i = mask->start; i < mask->end; i++)
		words[i] = pkt[i] & mw[i];
	hash = vxfp_key_hash(ft, mask, words);

	b = rcu_dereference(mask->table);
	n = rcu_dereference(hlist_first_rcu(&b->buckets[hash >> b->shift]));
	for (; n; n = rcu_dereference(hlist_next_rcu(n))) {
		struct vxfp_flow *flow = vxfp_node_flow(n, VXFP_FT_BY_KEY,
							b->gen);

		if (flow->hash < hash)
			continue;
		if (flow->hash > hash)
			break;
		if (vxfp_key_equal(flow, words, mask))
			return flow;
	}
	return NULL;
}

/**
 * vxfp_ft_lookup() - the flow a packet takes
 * @ft: the table
 * @key: the packet's key, every field filled (zero where absent)
 *
 * Context: RCU read side (the caller's rcu_read_lock() or softirq); takes
 * no lock. The flow stays valid until the caller leaves the RCU section.
 * Return: the matching flow of the highest priority (lowest value), or
 * NULL. Among matching flows of equal priority, any one.
 */
struct vxfp_flow *vxfp_ft_lookup(struct vxfp_flow_table *ft,
				 const struct vxfp_flow_key *key)
{
	const struct vxfp_ft_masks *ma = rcu_dereference(ft->masks);
	const u64 *pkt = (const u64 *)key;
	struct vxfp_flow *best = NULL;
	u32 i;

	for (i = 0; i < ma->count; i++) {
		const struct vxfp_ft_mask_ent *ent = &ma->ents[i];
		struct vxfp_flow *flow;

		/* masks are sorted by min_prio: none left can do better */
		if (best && best->priority <= ent->min_prio)
			break;
		flow = vxfp_mask_lookup(ft, ent->mask, pkt);
		if (flow && (!best || flow->priority < best->priority))
			best = flow;
	}
	if (best)
		this_cpu_inc(*best->mask->hits);
	return best;
}

/* The flow of @cookie, under the lock. */
static struct vxfp_flow *vxfp_ft_find_locked(struct vxfp_flow_table *ft,
					     u64 cookie)
{
	u32 hash = vxfp_cookie_hash(ft, cookie);
	struct vxfp_ft_buckets *b = vxfp_ft_cookies(ft);
	struct hlist_node *n;

	for (n = b->buckets[hash >> b->shift].first; n; n = n->next) {
		struct vxfp_flow *flow = vxfp_node_flow(n, VXFP_FT_BY_COOKIE,
							b->gen);

		if (flow->cookie == cookie)
			return flow;
	}
	return NULL;
}

/**
 * vxfp_ft_find() - the flow of a cookie
 * @ft: the table
 * @cookie: its cookie
 *
 * Context: under RCU or the table's lock (it is valid as long).
 * Return: the flow, or NULL.
 */
struct vxfp_flow *vxfp_ft_find(struct vxfp_flow_table *ft, u64 cookie)
{
	u32 hash = vxfp_cookie_hash(ft, cookie);
	struct vxfp_ft_buckets *b;
	struct hlist_node *n;

	b = rcu_dereference_check(ft->cookies, lockdep_is_held(&ft->lock));
	n = rcu_dereference_check(hlist_first_rcu(&b->buckets[hash >> b->shift]),
				  lockdep_is_held(&ft->lock));
	for (; n; n = rcu_dereference_check(hlist_next_rcu(n),
					    lockdep_is_held(&ft->lock))) {
		struct vxfp_flow *flow = vxfp_node_flow(n, VXFP_FT_BY_COOKIE,
							b->gen);

		if (flow->cookie == cookie)
			return flow;
	}
	return NULL;
}

static void vxfp_mask_free(struct vxfp_flow_mask *mask)
{
	kvfree(rcu_dereference_protected(mask->table, 1));
	free_percpu(mask->hits);
	kfree(mask);
}

static void vxfp_mask_free_rcu(struct rcu_head *rcu)
{
	vxfp_mask_free(container_of(rcu, struct vxfp_flow_mask, rcu));
}

static struct vxfp_flow_mask *vxfp_mask_alloc(const struct vxfp_flow_key *bits)
{
	const u64 *w = (const u64 *)bits;
	struct vxfp_ft_buckets *b;
	struct vxfp_flow_mask *mask;
	unsigned int i;

	mask = kzalloc(sizeof(*mask), GFP_KERNEL);
	if (!mask)
		return NULL;
	mask->hits = alloc_percpu(u64);
	if (!mask->hits)
		goto err_free_mask;
	b = vxfp_ft_buckets_alloc(VXFP_FT_MIN_BITS, 0);
	if (!b)
		goto err_free_hits;
	RCU_INIT_POINTER(mask->table, b);

	mask->key = *bits;
	for (i = 0; i < VXFP_FLOW_KEY_WORDS; i++) {
		if (!w[i])
			continue;
		if (mask->start == mask->end)
			mask->start = i;
		mask->end = i + 1;
	}
	return mask;

err_free_hits:
	free_percpu(mask->hits);
err_free_mask:
	kfree(mask);
	return NULL;
}

/* The index of @bits's mask in @ma, or -1. */
static int vxfp_ft_mask_find(const struct vxfp_ft_masks *ma,
			     const struct vxfp_flow_key *bits)
{
	u32 i;

	for (i = 0; i < ma->count; i++)
		if (!memcmp(&ma->ents[i].mask->key, bits, sizeof(*bits)))
			return i;
	return -1;
}

static struct vxfp_ft_masks *vxfp_ft_masks_alloc(u32 count)
{
	struct vxfp_ft_masks *ma;

	if (!count)
		return &vxfp_ft_no_masks;
	ma = kzalloc(struct_size(ma, ents, count), GFP_KERNEL);
	if (ma)
		ma->count = count;
	return ma;
}

/* Frees @ma, no longer published, after the readers. */
static void vxfp_ft_masks_free(struct vxfp_ft_masks *ma)
{
	if (ma != &vxfp_ft_no_masks)
		kfree_rcu(ma, rcu);
}

/* Publishes @new as the mask array of @ft, @old to be freed. */
static void vxfp_ft_masks_replace(struct vxfp_flow_table *ft,
				  struct vxfp_ft_masks *old,
				  struct vxfp_ft_masks *new)
{
	rcu_assign_pointer(ft->masks, new);
	vxfp_ft_masks_free(old);
}

/*
 * A copy of @ma where @mask (at @idx, or new if -1) has bound @min_prio,
 * kept sorted by min_prio (after the masks of an equal bound).
 */
static struct vxfp_ft_masks *vxfp_ft_masks_with(const struct vxfp_ft_masks *ma,
						int idx,
						struct vxfp_flow_mask *mask,
						u32 min_prio)
{
	struct vxfp_ft_masks *nma;
	u32 i, j = 0;
	bool placed = false;

	nma = vxfp_ft_masks_alloc(ma->count + (idx < 0));
	if (!nma)
		return NULL;
	for (i = 0; i < ma->count; i++) {
		if ((int)i == idx)
			continue;
		if (!placed && ma->ents[i].min_prio > min_prio) {
			nma->ents[j].mask = mask;
			nma->ents[j++].min_prio = min_prio;
			placed = true;
		}
		nma->ents[j++] = ma->ents[i];
	}
	if (!placed) {
		nma->ents[j].mask = mask;
		nma->ents[j].min_prio = min_prio;
	}
	return nma;
}

static bool vxfp_mask_has(struct vxfp_flow_table *ft,
			  struct vxfp_flow_mask *mask,
			  const struct vxfp_flow *flow)
{
	struct vxfp_ft_buckets *b = vxfp_mask_table(ft, mask);
	const u64 *words = (const u64 *)&flow->key;
	struct hlist_node *n;

	for (n = b->buckets[flow->hash >> b->shift].first; n; n = n->next) {
		struct vxfp_flow *f = vxfp_node_flow(n, VXFP_FT_BY_KEY, b->gen);

		if (f->hash == flow->hash && f->priority == flow->priority &&
		    vxfp_key_equal(f, words, mask))
			return true;
	}
	return false;
}

/**
 * vxfp_ft_insert() - add a flow
 * @ft: the table
 * @key: what it matches; only the bits of @mask count
 * @mask: which bits of @key it matches
 * @priority: lower value, higher priority
 * @cookie: its identity, unique in @ft
 * @actions: the caller's; the table hands it to its free_actions callback
 *	once the flow is gone and no reader can see it any more. Not freed
 *	if the insertion fails.
 * @extack: for an error message, or NULL
 *
 * Context: process context; takes the table's lock.
 * Return: the flow, or ERR_PTR(-EEXIST) if @cookie is in use or a flow of
 * the same masked key, mask and priority exists, or ERR_PTR(-ENOMEM).
 */
struct vxfp_flow *vxfp_ft_insert(struct vxfp_flow_table *ft,
				 const struct vxfp_flow_key *key,
				 const struct vxfp_flow_key *mask,
				 u32 priority, u64 cookie, void *actions,
				 struct netlink_ext_ack *extack)
{
	const u64 *kw = (const u64 *)key, *mw = (const u64 *)mask;
	struct vxfp_ft_masks *ma, *nma = NULL;
	struct vxfp_flow_mask *fm;
	struct vxfp_flow *flow;
	unsigned int i;
	int cpu, idx, err;
	u64 *fw;

	flow = kzalloc(sizeof(*flow), GFP_KERNEL);
	if (!flow) {
		err = -ENOMEM;
		goto err_out;
	}
	flow->stats = alloc_percpu(struct vxfp_flow_stats);
	if (!flow->stats) {
		err = -ENOMEM;
		goto err_free_flow;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(flow->stats, cpu)->syncp);
	fw = (u64 *)&flow->key;
	for (i = 0; i < VXFP_FLOW_KEY_WORDS; i++)
		fw[i] = kw[i] & mw[i];
	flow->ft = ft;
	flow->priority = priority;
	flow->cookie = cookie;
	flow->created = jiffies;
	flow->actions = actions;

	mutex_lock(&ft->lock);
	if (vxfp_ft_find_locked(ft, cookie)) {
		NL_SET_ERR_MSG(extack, "A flow with this cookie exists");
		err = -EEXIST;
		goto err_unlock;
	}
	ma = vxfp_ft_masks(ft);
	idx = vxfp_ft_mask_find(ma, mask);
	if (idx >= 0) {
		fm = ma->ents[idx].mask;
	} else {
		fm = vxfp_mask_alloc(mask);
		if (!fm) {
			err = -ENOMEM;
			goto err_unlock;
		}
	}
	flow->mask = fm;
	flow->hash = vxfp_key_hash(ft, fm, fw);
	if (idx >= 0 && vxfp_mask_has(ft, fm, flow)) {
		NL_SET_ERR_MSG(extack,
			       "A flow with this match and priority exists");
		err = -EEXIST;
		goto err_unlock;
	}
	if (idx < 0 || priority < ma->ents[idx].min_prio) {
		nma = vxfp_ft_masks_with(ma, idx, fm, priority);
		if (!nma) {
			err = -ENOMEM;
			goto err_free_mask;
		}
	}

	/* nothing fails from here on */
	vxfp_ft_link(vxfp_mask_table(ft, fm), flow, VXFP_FT_BY_KEY);
	fm->ref++;
	fm->count++;
	vxfp_ft_link(vxfp_ft_cookies(ft), flow, VXFP_FT_BY_COOKIE);
	WRITE_ONCE(ft->count, ft->count + 1);
	if (nma)
		vxfp_ft_masks_replace(ft, ma, nma);
	vxfp_ft_fit(&fm->table, vxfp_mask_table(ft, fm), fm->count,
		    VXFP_FT_BY_KEY);
	vxfp_ft_fit(&ft->cookies, vxfp_ft_cookies(ft), ft->count,
		    VXFP_FT_BY_COOKIE);
	mutex_unlock(&ft->lock);
	return flow;

err_free_mask:
	if (idx < 0)
		vxfp_mask_free(fm);
err_unlock:
	mutex_unlock(&ft->lock);
	free_percpu(flow->stats);
err_free_flow:
	kfree(flow);
err_out:
	if (err == -ENOMEM)
		NL_SET_ERR_MSG(extack, "No memory for the flow");
	return ERR_PTR(err);
}

static void vxfp_flow_free_rcu(struct rcu_head *rcu)
{
	struct vxfp_flow *flow = container_of(rcu, struct vxfp_flow, rcu);

	if (flow->ft->free_actions && flow->actions)
		flow->ft->free_actions(flow->actions);
	free_percpu(flow->stats);
	kfree(flow);
}

/* Takes the mask array without the unused @mask; under the lock. */
static void vxfp_ft_mask_release(struct vxfp_flow_table *ft,
				 struct vxfp_flow_mask *mask)
{
	struct vxfp_ft_masks *ma = vxfp_ft_masks(ft), *nma;
	u32 i, j = 0;

	nma = vxfp_ft_masks_alloc(ma->count - 1);
	if (!nma)
		return;	/* it stays, empty, until vxfp_ft_rebalance() */
	for (i = 0; i < ma->count; i++)
		if (ma->ents[i].mask != mask)
			nma->ents[j++] = ma->ents[i];
	vxfp_ft_masks_replace(ft, ma, nma);
	call_rcu(&mask->rcu, vxfp_mask_free_rcu);
}

/* The priority bound of @mask in the mask array; under the lock. */
static u32 vxfp_ft_mask_bound(struct vxfp_flow_table *ft,
			      const struct vxfp_flow_mask *mask)
{
	struct vxfp_ft_masks *ma = vxfp_ft_masks(ft);
	u32 i;

	for (i = 0; i < ma->count; i++)
		if (ma->ents[i].mask == mask)
			return ma->ents[i].min_prio;
	return U32_MAX;
}

/* Takes @flow out of @ft and frees it after the readers; under the lock. */
static void vxfp_ft_unlink_flow(struct vxfp_flow_table *ft,
				struct vxfp_flow *flow)
{
	struct vxfp_flow_mask *mask = flow->mask;
	struct vxfp_ft_buckets *b = vxfp_mask_table(ft, mask);

	vxfp_ft_unlink(b, flow, VXFP_FT_BY_KEY);
	mask->count--;
	vxfp_ft_unlink(vxfp_ft_cookies(ft), flow, VXFP_FT_BY_COOKIE);
	WRITE_ONCE(ft->count, ft->count - 1);
	if (!--mask->ref) {
		vxfp_ft_mask_release(ft, mask);
	} else {
		if (flow->priority == vxfp_ft_mask_bound(ft, mask))
			mask->min_prio_stale = true;
		vxfp_ft_fit(&mask->table, b, mask->count, VXFP_FT_BY_KEY);
	}
	call_rcu(&flow->rcu, vxfp_flow_free_rcu);
}

/**
 * vxfp_ft_remove() - delete a flow
 * @ft: the table
 * @cookie: the flow's cookie
 *
 * Lookups already under way may still return the flow; it and its actions
 * are freed after an RCU grace period.
 *
 * Context: process context; takes the table's lock.
 * Return: 0, or -ENOENT if no flow has @cookie.
 */
int vxfp_ft_remove(struct vxfp_flow_table *ft, u64 cookie)
{
	struct vxfp_flow *flow;
	int err = 0;

	mutex_lock(&ft->lock);
	flow = vxfp_ft_find_locked(ft, cookie);
	if (!flow) {
		err = -ENOENT;
		goto out;
	}
	vxfp_ft_unlink_flow(ft, flow);
	vxfp_ft_fit(&ft->cookies, vxfp_ft_cookies(ft), ft->count,
		    VXFP_FT_BY_COOKIE);
out:
	mutex_unlock(&ft->lock);
	return err;
}

/**
 * vxfp_ft_flush() - delete every flow
 * @ft: the table
 *
 * Context: process context; takes the table's lock.
 */
void vxfp_ft_flush(struct vxfp_flow_table *ft)
{
	struct vxfp_ft_masks *ma;
	struct vxfp_ft_buckets *b;
	struct hlist_node *n, *next;
	u32 i;

	mutex_lock(&ft->lock);
	ma = vxfp_ft_masks(ft);
	rcu_assign_pointer(ft->masks, &vxfp_ft_no_masks);
	b = vxfp_ft_cookies(ft);
	for (i = 0; i < vxfp_ft_size(b); i++) {
		for (n = b->buckets[i].first; n; n = next) {
			struct vxfp_flow *flow;

			next = n->next;
			flow = vxfp_node_flow(n, VXFP_FT_BY_COOKIE, b->gen);
			hlist_del_rcu(n);
			call_rcu(&flow->rcu, vxfp_flow_free_rcu);
		}
	}
	/* the flows stay chained in their masks' tables, freed likewise */
	for (i = 0; i < ma->count; i++)
		call_rcu(&ma->ents[i].mask->rcu, vxfp_mask_free_rcu);
	/* last: we are no reader, a grace period may end any time */
	vxfp_ft_masks_free(ma);
	WRITE_ONCE(ft->count, 0);
	if (b->shift != 32 - VXFP_FT_MIN_BITS)
		vxfp_ft_resize(&ft->cookies, b, VXFP_FT_MIN_BITS,
			       VXFP_FT_BY_COOKIE);
	mutex_unlock(&ft->lock);
}

static u32 vxfp_mask_min_prio(struct vxfp_flow_table *ft,
			      struct vxfp_flow_mask *mask)
{
	struct vxfp_ft_buckets *b = vxfp_mask_table(ft, mask);
	struct hlist_node *n;
	u32 i, min_prio = U32_MAX;

	for (i = 0; i < vxfp_ft_size(b); i++) {
		for (n = b->buckets[i].first; n; n = n->next) {
			struct vxfp_flow *flow;

			flow = vxfp_node_flow(n, VXFP_FT_BY_KEY, b->gen);
			if (flow->priority < min_prio)
				min_prio = flow->priority;
		}
	}
	return min_prio;
}

static u64 vxfp_mask_hits(const struct vxfp_flow_mask *mask)
{
	u64 hits = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		hits += READ_ONCE(*per_cpu_ptr(mask->hits, cpu));
	return hits;
}

/* Whether @a goes before @b: lower bound first, then more recent hits. */
static bool vxfp_ent_before(const struct vxfp_ft_mask_ent *a,
			    const struct vxfp_ft_mask_ent *b)
{
	if (a->min_prio != b->min_prio)
		return a->min_prio < b->min_prio;
	return a->mask->hits_recent > b->mask->hits_recent;
}

/**
 * vxfp_ft_rebalance() - reorder the masks by their hits
 * @ft: the table
 *
 * Sorts the masks by the lowest priority value of their flows, then by the
 * lookups each answered since the last call, most first; recomputes the
 * priority bounds that removals left low and drops masks left unused by a
 * failed allocation. Lookups give the same results before and after; only
 * their cost changes. For the caller to run now and then, e.g. from a
 * delayed work item.
 *
 * Context: process context; takes the table's lock.
 */
void vxfp_ft_rebalance(struct vxfp_flow_table *ft)
{
	struct vxfp_ft_masks *ma, *nma;
	u32 i, j, n = 0, live = 0;

	mutex_lock(&ft->lock);
	ma = vxfp_ft_masks(ft);
	for (i = 0; i < ma->count; i++)
		if (ma->ents[i].mask->ref)
			live++;
	nma = vxfp_ft_masks_alloc(live);
	if (!nma)
		goto out;

	for (i = 0; i < ma->count; i++) {
		struct vxfp_flow_mask *mask = ma->ents[i].mask;
		struct vxfp_ft_mask_ent ent = ma->ents[i];
		u64 hits;

		if (!mask->ref)
			continue;
		hits = vxfp_mask_hits(mask);
		mask->hits_recent = hits - mask->hits_last;
		mask->hits_last = hits;
		if (mask->min_prio_stale) {
			ent.min_prio = vxfp_mask_min_prio(ft, mask);
			mask->min_prio_stale = false;
		}
		/* insertion sort: few masks */
		for (j = n++; j > 0 && vxfp_ent_before(&ent, &nma->ents[j - 1]);
		     j--)
			nma->ents[j] = nma->ents[j - 1];
		nma->ents[j] = ent;
	}

	rcu_assign_pointer(ft->masks, nma);
	for (i = 0; i < ma->count; i++)
		if (!ma->ents[i].mask->ref)
			call_rcu(&ma->ents[i].mask->rcu, vxfp_mask_free_rcu);
	vxfp_ft_masks_free(ma);
out:
	mutex_unlock(&ft->lock);
}

/**
 * vxfp_ft_count() - number of flows
 * @ft: the table
 *
 * Return: the number of flows, which may change right after.
 */
u32 vxfp_ft_count(const struct vxfp_flow_table *ft)
{
	return READ_ONCE(ft->count);
}

/**
 * vxfp_ft_mask_count() - number of masks
 * @ft: the table
 *
 * Return: the number of masks lookups try, which may change right after.
 */
u32 vxfp_ft_mask_count(const struct vxfp_flow_table *ft)
{
	u32 count;

	rcu_read_lock();
	count = rcu_dereference(ft->masks)->count;
	rcu_read_unlock();
	return count;
}

/* Whether @flow comes after the flow @cur stopped at. */
static bool vxfp_flow_after(const struct vxfp_flow *flow, u32 hash,
			    const struct vxfp_ft_cursor *cur)
{
	if (!cur->started)
		return true;
	if (hash != cur->hash)
		return hash > cur->hash;
	return flow->cookie > cur->cookie;
}

/**
 * vxfp_ft_walk() - visit the flows, for a dump
 * @ft: the table
 * @cur: where to start: zeroed at first, then as the last call left it
 * @cb: called for each flow; returns 0 to go on, or something else to stop
 *	there (say, the dump's buffer is full): that flow is visited first
 *	when the walk resumes. It must not update @ft.
 * @arg: for @cb
 *
 * The flows are visited in the order of (hash of cookie, cookie), which
 * resizes do not change, and @cur holds the last one visited, so resuming
 * costs no more than the bucket @cur is in. A flow present from a walk's
 * start to its end is visited exactly once, whatever is added, removed or
 * resized in between; one added or removed meanwhile, at most once.
 *
 * Context: process context; takes the table's lock, held across @cb.
 * Return: 0 once every flow was visited, else what @cb returned.
 */
int vxfp_ft_walk(struct vxfp_flow_table *ft, struct vxfp_ft_cursor *cur,
		 int (*cb)(struct vxfp_flow *flow, void *arg), void *arg)
{
	struct vxfp_ft_buckets *b;
	struct hlist_node *n;
	int err = 0;
	u32 i;

	mutex_lock(&ft->lock);
	b = vxfp_ft_cookies(ft);
	i = cur->started ? cur->hash >> b->shift : 0;
	for (; i < vxfp_ft_size(b); i++) {
		for (n = b->buckets[i].first; n; n = n->next) {
			struct vxfp_flow *flow;
			u32 hash;

			flow = vxfp_node_flow(n, VXFP_FT_BY_COOKIE, b->gen);
			hash = vxfp_flow_hash(flow, VXFP_FT_BY_COOKIE);
			if (!vxfp_flow_after(flow, hash, cur))
				continue;
			err = cb(flow, arg);
			if (err)
				goto out;
			cur->hash = hash;
			cur->cookie = flow->cookie;
			cur->started = true;
		}
	}
out:
	mutex_unlock(&ft->lock);
	return err;
}

/**
 * vxfp_flow_stats_add() - count a packet a flow took
 * @flow: the flow
 * @bytes: the packet's length
 *
 * Context: softirq, or BH disabled.
 */
void vxfp_flow_stats_add(struct vxfp_flow *flow, unsigned int bytes)
{
	struct vxfp_flow_stats *s = this_cpu_ptr(flow->stats);
	unsigned long now = jiffies;

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->packets);
	u64_stats_add(&s->bytes, bytes);
	u64_stats_update_end(&s->syncp);
	if (READ_ONCE(s->used) != now)
		WRITE_ONCE(s->used, now);
}

/**
 * vxfp_flow_stats_read() - a flow's counters, summed over the CPUs
 * @flow: the flow
 * @packets: its packets
 * @bytes: their bytes
 * @used: jiffies of its last packet, 0 if none
 *
 * Context: any; the flow must stay valid (RCU or the table's lock).
 */
void vxfp_flow_stats_read(const struct vxfp_flow *flow, u64 *packets,
			  u64 *bytes, unsigned long *used)
{
	int cpu;

	*packets = 0;
	*bytes = 0;
	*used = 0;
	for_each_possible_cpu(cpu) {
		const struct vxfp_flow_stats *s = per_cpu_ptr(flow->stats, cpu);
		unsigned int start;
		unsigned long u;
		u64 p, b;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			p = u64_stats_read(&s->packets);
			b = u64_stats_read(&s->bytes);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		*packets += p;
		*bytes += b;
		u = READ_ONCE(s->used);
		if (u && (!*used || time_after(u, *used)))
			*used = u;
	}
}

/**
 * vxfp_ft_init() - set up an empty table
 * @ft: the table
 * @free_actions: frees a flow's actions once the flow is gone; called
 *	from an RCU callback, so it must not sleep. NULL if none.
 *
 * Return: 0 or -ENOMEM.
 */
int vxfp_ft_init(struct vxfp_flow_table *ft,
		 void (*free_actions)(void *actions))
{
	struct vxfp_ft_buckets *b;

	memset(ft, 0, sizeof(*ft));
	b = vxfp_ft_buckets_alloc(VXFP_FT_MIN_BITS, 0);
	if (!b)
		return -ENOMEM;
	mutex_init(&ft->lock);
	RCU_INIT_POINTER(ft->cookies, b);
	RCU_INIT_POINTER(ft->masks, &vxfp_ft_no_masks);
	ft->seed = get_random_u32();
	ft->free_actions = free_actions;
	return 0;
}

/**
 * vxfp_ft_destroy() - delete every flow and free the table
 * @ft: the table, which no lookup may use any more
 *
 * Waits for the RCU callbacks: every flow's actions are freed on return.
 *
 * Context: process context.
 */
void vxfp_ft_destroy(struct vxfp_flow_table *ft)
{
	vxfp_ft_flush(ft);
	rcu_barrier();
	kvfree(rcu_dereference_protected(ft->cookies, 1));
	mutex_destroy(&ft->lock);
}

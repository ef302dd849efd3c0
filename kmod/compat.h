/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one shim between vxfp and the kernel API of the day. Every decision
 * here comes from a build-time probe (kmod/compat/probes/), never from a
 * version number: distribution kernels backport too much for those.
 * Documentation/compat.rst tells which kernels have which form.
 */
#ifndef _VXFP_COMPAT_H
#define _VXFP_COMPAT_H

#include <linux/build_bug.h>
#include <linux/netdevice.h>
#include <net/flow_offload.h>
#include <net/genetlink.h>
#include <net/ip_tunnels.h>

#include "compat-probes.h"

/*
 * What vxfp cannot do without and has no fallback for: the networking of
 * Linux 5.18, or a distribution kernel that backported it. Said here, once,
 * rather than as the first error of many. A probe's compiler output can be
 * kept with "make PROBE_LOG=/path/to/log".
 */
#ifndef HAVE_DEVL_LOCK
#error "vxfp needs the devlink instance lock, devl_lock() (Linux 5.18)"
#endif
#ifndef HAVE_DEVL_PORT_REGISTER
#error "vxfp needs devl_port_register() (Linux 5.18)"
#endif
#ifndef HAVE_DEVLINK_ALLOC_DEV
#error "vxfp needs devlink_alloc() with the parent device (Linux 5.15)"
#endif
#ifndef HAVE_DEV_SW_NETSTATS
#error "vxfp needs dev_get_tstats64() and dev_sw_netstats_*() (Linux 5.11)"
#endif
#if !defined(HAVE_FLOW_BLOCK_CB_SETUP_SIMPLE) || !defined(HAVE_FLOW_BLOCK_CB_ALLOC)
#error "vxfp needs the flow_block offload API of Linux 5.4"
#endif
#if !defined(HAVE_FLOW_STATS_UPDATE_DROPS) && !defined(HAVE_FLOW_STATS_UPDATE_HW_STATS)
#error "vxfp needs flow_stats_update() with the hardware stats type (Linux 5.8)"
#endif

static inline void vxfp_netdev_set_netns_local(struct net_device *dev)
{
#ifdef HAVE_NETDEV_NETNS_LOCAL
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

/* A device whose ndo_start_xmit needs no lock of the core's. */
static inline void vxfp_netdev_set_lltx(struct net_device *dev)
{
#ifdef HAVE_NETDEV_LLTX
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

/* A NAPI context of the default weight. */
static inline void vxfp_netif_napi_add(struct net_device *dev,
				       struct napi_struct *napi,
				       int (*poll)(struct napi_struct *, int))
{
#ifdef HAVE_NETIF_NAPI_ADD_NO_WEIGHT
	netif_napi_add(dev, napi, poll);
#else
	netif_napi_add(dev, napi, poll, NAPI_POLL_WEIGHT);
#endif
}

/* The attributes of a dump request, parsed by its policy. */
static inline struct nlattr **vxfp_dump_attrs(struct netlink_callback *cb)
{
#if defined(HAVE_GENL_INFO_DUMP)
	return genl_info_dump(cb)->attrs;
#elif defined(HAVE_GENL_DUMPIT_INFO_INFO)
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * Flow offload statistics; @drops is lost on kernels whose flow_stats
 * do not count them (some RHEL 8 ones).
 */
static inline void vxfp_flow_stats_update(struct flow_stats *stats, u64 bytes,
					  u64 pkts, u64 drops, u64 lastused,
					  enum flow_action_hw_stats used_hw_stats)
{
#ifdef HAVE_FLOW_STATS_UPDATE_DROPS
	flow_stats_update(stats, bytes, pkts, drops, lastused, used_hw_stats);
#else
	flow_stats_update(stats, bytes, pkts, lastused, used_hw_stats);
#endif
}

/*
 * The FLOW_DISSECTOR_KEY_* a rule matches on, one bit each: 32 bits
 * before Linux 6.6, 64 since. Test them with VXFP_FLOW_KEY_BIT(), never
 * BIT(): the key ids go past 31.
 */
#ifdef HAVE_FLOW_DISSECTOR_USED_KEYS_U64
typedef u64 vxfp_flow_rule_used_keys_t;
#else
typedef u32 vxfp_flow_rule_used_keys_t;
#endif
static_assert(sizeof(vxfp_flow_rule_used_keys_t) ==
	      sizeof_field(struct flow_dissector, used_keys));

#define VXFP_FLOW_KEY_BIT(key)	BIT_ULL(key)

static inline vxfp_flow_rule_used_keys_t
vxfp_flow_rule_used_keys(const struct flow_rule *rule)
{
	return rule->match.dissector->used_keys;
}

/*
 * FLOW_DISSECTOR_KEY_L2TPV3 (Linux 6.1), as a case label. Before, no rule
 * can match on it, and FLOW_DISSECTOR_KEY_MAX, the count of keys, which
 * is no key of any rule, takes its place.
 */
#ifdef HAVE_FLOW_DISSECTOR_KEY_L2TPV3
#define VXFP_FLOW_DISSECTOR_KEY_L2TPV3	FLOW_DISSECTOR_KEY_L2TPV3
#else
#define VXFP_FLOW_DISSECTOR_KEY_L2TPV3	FLOW_DISSECTOR_KEY_MAX
#endif

/* The ARP key and mask of a flower rule (flow_rule_match_arp()). */
struct vxfp_flow_match_arp {
	struct flow_dissector_key_arp *key, *mask;
};

static inline void vxfp_flow_rule_match_arp(const struct flow_rule *rule,
					    struct vxfp_flow_match_arp *out)
{
#ifdef HAVE_FLOW_RULE_MATCH_ARP
	struct flow_match_arp match;

	flow_rule_match_arp(rule, &match);
	out->key = match.key;
	out->mask = match.mask;
#else
	const struct flow_match *m = &rule->match;

	out->key = skb_flow_dissector_target(m->dissector,
					     FLOW_DISSECTOR_KEY_ARP, m->key);
	out->mask = skb_flow_dissector_target(m->dissector,
					      FLOW_DISSECTOR_KEY_ARP, m->mask);
#endif
}

/*
 * Indirect flow blocks: tc rules on a device vxfp does not own (a VXLAN
 * device) offered to it through flow_indr_dev_register(). Only the form of
 * Linux 5.10 on, with the ingress qdisc, is supported. The older ones, the
 * 6-parameter callback of 5.8 and 5.9 and the per-netdev registration with
 * a 4-parameter callback before, are on no kernel that passes the checks
 * above: upstream they predate 5.18, and RHEL has the 5.10 form from 8.4
 * and 9.0 on but the instance lock only from 8.7 and 9.2
 * (Documentation/compat.rst). Should the probe fail all the same,
 * vxfp_flow_indr_dev_register() fails with -EOPNOTSUPP and the caller
 * goes without. A callback is declared as
 *
 *	static int foo_indr_bind(VXFP_FLOW_INDR_BIND_CB_ARGS)
 *
 * and gets the parameters dev, sch, cb_priv, type, type_data, data and
 * cleanup, as flow_indr_block_bind_cb_t names them.
 */
#define VXFP_FLOW_INDR_BIND_CB_ARGS					\
	struct net_device *dev, struct Qdisc *sch, void *cb_priv,	\
	enum tc_setup_type type, void *type_data, void *data,		\
	void (*cleanup)(struct flow_block_cb *block_cb)

typedef int vxfp_flow_indr_bind_cb_t(VXFP_FLOW_INDR_BIND_CB_ARGS);

#ifdef HAVE_FLOW_INDR_DEV_REGISTER_SCH
static_assert(__same_type(vxfp_flow_indr_bind_cb_t, flow_indr_block_bind_cb_t));
#endif

static inline int vxfp_flow_indr_dev_register(vxfp_flow_indr_bind_cb_t *cb,
					      void *cb_priv)
{
#ifdef HAVE_FLOW_INDR_DEV_REGISTER_SCH
	return flow_indr_dev_register(cb, cb_priv);
#else
	return -EOPNOTSUPP;
#endif
}

static inline void vxfp_flow_indr_dev_unregister(vxfp_flow_indr_bind_cb_t *cb,
						 void *cb_priv,
						 void (*release)(void *cb_priv))
{
#ifdef HAVE_FLOW_INDR_DEV_REGISTER_SCH
	flow_indr_dev_unregister(cb, cb_priv, release);
#endif
}

static inline struct flow_block_cb *
vxfp_flow_indr_block_cb_alloc(flow_setup_cb_t *cb, void *cb_ident,
			      void *cb_priv, void (*release)(void *cb_priv),
			      struct flow_block_offload *bo,
			      struct net_device *dev, struct Qdisc *sch,
			      void *data, void *indr_cb_priv,
			      void (*cleanup)(struct flow_block_cb *block_cb))
{
#ifdef HAVE_FLOW_INDR_DEV_REGISTER_SCH
	return flow_indr_block_cb_alloc(cb, cb_ident, cb_priv, release, bo,
					dev, sch, data, indr_cb_priv, cleanup);
#else
	return ERR_PTR(-EOPNOTSUPP);
#endif
}

/* Take an indirect block callback off the block it was bound to. */
static inline void vxfp_flow_indr_block_cb_remove(struct flow_block_cb *block_cb,
						  struct flow_block_offload *bo)
{
#ifdef HAVE_FLOW_INDR_DEV_REGISTER_SCH
	flow_indr_block_cb_remove(block_cb, bo);
#endif
}

/*
 * An RCU grace-period state that has completed, for cond_synchronize_rcu()
 * not to wait (Linux 6.0). Before, the current state: a wait for it ends
 * at most one grace period later, and none once one has passed.
 */
static inline unsigned long vxfp_get_completed_synchronize_rcu(void)
{
#ifdef HAVE_GET_COMPLETED_SYNCHRONIZE_RCU
	return get_completed_synchronize_rcu();
#else
	return get_state_synchronize_rcu();
#endif
}

/*
 * The TUNNEL_* flags of a tunnel key: __be16 masks before Linux 6.10, a
 * bitmap of IP_TUNNEL_*_BIT since.
 */

/* The key carries a tunnel id (for VXLAN, the VNI). */
static inline bool vxfp_tun_key_has_id(const struct ip_tunnel_key *key)
{
#ifdef HAVE_IP_TUNNEL_FLAGS_BITMAP
	return test_bit(IP_TUNNEL_KEY_BIT, key->tun_flags);
#else
	return !!(key->tun_flags & TUNNEL_KEY);
#endif
}

/* The outer UDP header carries a checksum. */
static inline bool vxfp_tun_key_csum(const struct ip_tunnel_key *key)
{
#ifdef HAVE_IP_TUNNEL_FLAGS_BITMAP
	return test_bit(IP_TUNNEL_CSUM_BIT, key->tun_flags);
#else
	return !!(key->tun_flags & TUNNEL_CSUM);
#endif
}

/* The key has flags besides TUNNEL_KEY and TUNNEL_CSUM. */
static inline bool vxfp_tun_key_other_flags(const struct ip_tunnel_key *key)
{
#ifdef HAVE_IP_TUNNEL_FLAGS_BITMAP
	IP_TUNNEL_DECLARE_FLAGS(known) = { };

	__set_bit(IP_TUNNEL_KEY_BIT, known);
	__set_bit(IP_TUNNEL_CSUM_BIT, known);
	return !ip_tunnel_flags_subset(key->tun_flags, known);
#else
	return !!(key->tun_flags & ~(TUNNEL_KEY | TUNNEL_CSUM));
#endif
}

/* Set a key's flags to TUNNEL_KEY if @has_id, TUNNEL_CSUM if @csum. */
static inline void vxfp_tun_key_set_flags(struct ip_tunnel_key *key,
					  bool has_id, bool csum)
{
#ifdef HAVE_IP_TUNNEL_FLAGS_BITMAP
	ip_tunnel_flags_zero(key->tun_flags);
	__assign_bit(IP_TUNNEL_KEY_BIT, key->tun_flags, has_id);
	__assign_bit(IP_TUNNEL_CSUM_BIT, key->tun_flags, csum);
#else
	key->tun_flags = (has_id ? TUNNEL_KEY : 0) | (csum ? TUNNEL_CSUM : 0);
#endif
}

#endif /* _VXFP_COMPAT_H */

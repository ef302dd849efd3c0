// SPDX-License-Identifier: GPL-2.0
/*
 * tc flower offload, as a switchdev NIC driver does it: the ingress blocks
 * of the representors and of the PF are bound to vxfp through their
 * ndo_setup_tc, those of VXLAN netdevs indirectly (flow_indr_dev_register),
 * and each flower rule of a bound block becomes a flow of a switch's fast
 * path (kmod/flow.c), with the rule's match as its key and mask and its
 * actions translated. A rule that cannot run in the fast path exactly as tc
 * would run it in software is refused, with a message saying why, so that
 * "skip_sw" fails cleanly and Open vSwitch keeps that flow in its datapath.
 *
 * A rule is taken once per binding: a block shared by several representors
 * gives one flow per (rule, representor), each with a cookie of its own
 * (from a counter, so that tc's cookies, which are kernel addresses, never
 * reach userspace through vxfp's flow dumps), found again by tc's cookie in
 * the binding's table.
 *
 * Locking: tc calls the callbacks of directly bound blocks with RTNL held
 * (vxfp does not ask to be called unlocked), but binds and calls the
 * callbacks of indirect blocks replayed at registration without it, so
 * nothing here relies on RTNL: vxfp_tc_lock serialises all of tc.c's state.
 * Order: RTNL, tc's block locks, vxfp_tc_lock, the flow table's lock.
 */
#include <linux/etherdevice.h>
#include <linux/hash.h>
#include <linux/if_packet.h>
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/addrconf.h>
#include <net/flow_offload.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/pkt_cls.h>
#include <net/vxlan.h>

#include "actions.h"
#include "compat.h"
#include "flow.h"
#include "flow_key.h"
#include "flow_table.h"
#include "pf.h"
#include "switch.h"
#include "tc.h"
#include "tunnel.h"

/**
 * struct vxfp_tc_encap - a tunnel_key set, as the fast path's encap needs it
 * @src: outer source, unspecified for the route's
 * @dst: outer destination
 * @vni: the VNI
 * @dst_port: outer UDP destination port
 * @family: AF_INET or AF_INET6
 * @tos: outer TOS or traffic class
 * @ttl: outer TTL or hop limit, 0 for the route's
 * @csum: outer UDP checksum
 */
struct vxfp_tc_encap {
	union vxfp_tun_addr src;
	union vxfp_tun_addr dst;
	u32 vni;
	__be16 dst_port;
	u8 family;
	u8 tos;
	u8 ttl;
	bool csum;
};

/**
 * struct vxfp_tc_act - an action of a flow, as a rule's translation keeps it
 * @act: the action, but for the tunnel endpoint of an encap, which is
 *	looked up each time the flow is installed
 * @encap: what a %VXFP_ACT_A_ENCAP is made of
 */
struct vxfp_tc_act {
	struct vxfp_action act;
	struct vxfp_tc_encap encap;
};

/**
 * struct vxfp_tc_rule - a flower rule of a bound block, as one flow
 * @node: in its binding's @rules, by @tc_cookie
 * @match_node: in its binding's @flows, by match, while it has a flow
 * @list: in its binding's @rule_list
 * @rcu: to free it after the hash table's readers
 * @tc_cookie: tc's identity of the rule
 * @sw: the switch its flow is for; NULL once that switch is gone
 * @cookie: the cookie of its flow in @sw, 0 while it has none
 * @displaced: the rule of the same binding, match and priority whose flow
 *	this one took over (tc filter replace with an unchanged match)
 * @displaced_by: the rule that took this one's flow over
 * @packets: the flow's packets when last reported to tc
 * @bytes: the flow's bytes when last reported to tc
 * @hw_stats: how the counters are reported to tc, 0 for not at all
 * @priority: the flow's priority, tc's
 * @count: number of @acts
 * @key: the flow's key, masked
 * @mask: its mask
 * @acts: its actions
 *
 * Under vxfp_tc_lock.
 */
struct vxfp_tc_rule {
	struct rhash_head node;
	struct rhash_head match_node;
	struct list_head list;
	struct rcu_head rcu;
	unsigned long tc_cookie;
	struct vxfp_switch *sw;
	u64 cookie;
	struct vxfp_tc_rule *displaced;
	struct vxfp_tc_rule *displaced_by;
	u64 packets;
	u64 bytes;
	enum flow_action_hw_stats hw_stats;
	u32 priority;
	u32 count;
	struct vxfp_flow_key key;
	struct vxfp_flow_key mask;
	struct vxfp_tc_act acts[];
};

/**
 * struct vxfp_tc_binding - an ingress block bound to vxfp on one netdev
 * @list: in vxfp_tc_bindings
 * @dev: the netdev: a representor, a PF, or a VXLAN netdev
 * @sw: the switch of a representor or PF; for a VXLAN netdev, the switch
 *	whose indirect callback bound it, which takes the rules whose local
 *	tunnel address its PF holds (every switch binds each VXLAN netdev)
 * @in_port: in_port of the flows: the representor's VF, or the uplink
 * @indirect: bound through flow_indr_dev_register() (a VXLAN netdev)
 * @rules: the rules offloaded, by tc cookie
 * @flows: the rules that have a flow, by switch, match and priority: one
 *	at most for each, the others of the same it displaced
 * @rule_list: the same rules, for walking them
 * @nr_rules: how many
 *
 * Under vxfp_tc_lock, but for @dev, @sw, @in_port and @indirect, which do
 * not change; freed by tc through vxfp_tc_binding_release().
 */
struct vxfp_tc_binding {
	struct list_head list;
	struct net_device *dev;
	struct vxfp_switch *sw;
	u32 in_port;
	bool indirect;
	struct rhashtable rules;
	struct rhashtable flows;
	struct list_head rule_list;
	u32 nr_rules;
};

static const struct rhashtable_params vxfp_tc_rule_params = {
	.key_len		= sizeof_field(struct vxfp_tc_rule, tc_cookie),
	.key_offset		= offsetof(struct vxfp_tc_rule, tc_cookie),
	.head_offset		= offsetof(struct vxfp_tc_rule, node),
	.automatic_shrinking	= true,
};

/* What two rules of one binding share when they are one flow. */
struct vxfp_tc_match {
	const struct vxfp_switch *sw;
	const struct vxfp_flow_key *key;
	const struct vxfp_flow_key *mask;
	u32 priority;
};

static void vxfp_tc_match_of(const struct vxfp_tc_rule *r,
			     struct vxfp_tc_match *m)
{
	m->sw = r->sw;
	m->key = &r->key;
	m->mask = &r->mask;
	m->priority = r->priority;
}

static u32 vxfp_tc_match_hash(const struct vxfp_tc_match *m, u32 seed)
{
	u32 h;

	h = jhash2((const u32 *)m->key, sizeof(*m->key) / sizeof(u32),
		   seed ^ m->priority);
	h = jhash2((const u32 *)m->mask, sizeof(*m->mask) / sizeof(u32), h);
	return jhash_1word(hash_ptr(m->sw, 32), h);
}

static u32 vxfp_tc_match_hashfn(const void *data, u32 len, u32 seed)
{
	return vxfp_tc_match_hash(data, seed);
}

static u32 vxfp_tc_match_obj_hashfn(const void *data, u32 len, u32 seed)
{
	struct vxfp_tc_match m;

	vxfp_tc_match_of(data, &m);
	return vxfp_tc_match_hash(&m, seed);
}

static int vxfp_tc_match_cmpfn(struct rhashtable_compare_arg *arg,
			       const void *obj)
{
	const struct vxfp_tc_match *m = arg->key;
	const struct vxfp_tc_rule *r = obj;

	return r->sw != m->sw || r->priority != m->priority ||
	       memcmp(&r->mask, m->mask, sizeof(r->mask)) ||
	       memcmp(&r->key, m->key, sizeof(r->key));
}

static const struct rhashtable_params vxfp_tc_match_params = {
	.head_offset		= offsetof(struct vxfp_tc_rule, match_node),
	.hashfn			= vxfp_tc_match_hashfn,
	.obj_hashfn		= vxfp_tc_match_obj_hashfn,
	.obj_cmpfn		= vxfp_tc_match_cmpfn,
	.automatic_shrinking	= true,
};

/* Serialises the bindings, their rules and the cookie counter. */
static DEFINE_MUTEX(vxfp_tc_lock);
static LIST_HEAD(vxfp_tc_bindings);
static u64 vxfp_tc_cookie_seq;

/*
 * The block callbacks bound, for flow_block_cb_is_busy(): the direct ones
 * under RTNL (ndo_setup_tc), the indirect ones under tc's
 * flow_indr_block_lock, as tc itself handles them.
 */
static LIST_HEAD(vxfp_tc_block_cb_list);
static LIST_HEAD(vxfp_tc_indr_cb_list);

/* --- refusals ------------------------------------------------------------- */

/* Why a match on a flow dissector key cannot be offloaded. */
static int vxfp_tc_refuse_key(unsigned int id, struct netlink_ext_ack *extack)
{
	switch (id) {
	case FLOW_DISSECTOR_KEY_PORTS_RANGE:
		NL_SET_ERR_MSG_MOD(extack, "match on port ranges is not supported");
		break;
	case FLOW_DISSECTOR_KEY_CVLAN:
		NL_SET_ERR_MSG_MOD(extack,
				   "match on an inner VLAN (cvlan) is not supported: the fast path does not match the inner tag's protocol");
		break;
	case FLOW_DISSECTOR_KEY_ENC_OPTS:
		NL_SET_ERR_MSG_MOD(extack, "match on tunnel options is not supported");
		break;
	case FLOW_DISSECTOR_KEY_META:
		NL_SET_ERR_MSG_MOD(extack,
				   "match on the input device or l2_miss is not supported");
		break;
	case FLOW_DISSECTOR_KEY_CT:
		NL_SET_ERR_MSG_MOD(extack,
				   "match on ct_state, ct_zone, ct_mark or ct_label is not supported");
		break;
	case FLOW_DISSECTOR_KEY_MPLS:
	case FLOW_DISSECTOR_KEY_MPLS_ENTROPY:
		NL_SET_ERR_MSG_MOD(extack, "match on MPLS is not supported");
		break;
	case FLOW_DISSECTOR_KEY_HASH:
		NL_SET_ERR_MSG_MOD(extack, "match on a hash is not supported");
		break;
	case FLOW_DISSECTOR_KEY_NUM_OF_VLANS:
		NL_SET_ERR_MSG_MOD(extack,
				   "match on the number of VLAN tags is not supported");
		break;
	case FLOW_DISSECTOR_KEY_PPPOE:
		NL_SET_ERR_MSG_MOD(extack, "match on PPPoE is not supported");
		break;
	case VXFP_FLOW_DISSECTOR_KEY_L2TPV3:
		NL_SET_ERR_MSG_MOD(extack, "match on L2TPv3 is not supported");
		break;
	default:
		NL_SET_ERR_MSG_MOD(extack, "this flower match is not supported");
		break;
	}
	return -EOPNOTSUPP;
}

/* Why an action cannot be offloaded. */
static int vxfp_tc_refuse_act(enum flow_action_id id,
			      struct netlink_ext_ack *extack)
{
	switch (id) {
	case FLOW_ACTION_CT:
	case FLOW_ACTION_CT_METADATA:
		NL_SET_ERR_MSG_MOD(extack, "action ct is not supported");
		break;
	case FLOW_ACTION_POLICE:
		NL_SET_ERR_MSG_MOD(extack, "action police is not supported");
		break;
	case FLOW_ACTION_SAMPLE:
		NL_SET_ERR_MSG_MOD(extack, "action sample is not supported");
		break;
	case FLOW_ACTION_MPLS_PUSH:
	case FLOW_ACTION_MPLS_POP:
	case FLOW_ACTION_MPLS_MANGLE:
		NL_SET_ERR_MSG_MOD(extack, "action mpls is not supported");
		break;
	case FLOW_ACTION_MARK:
		NL_SET_ERR_MSG_MOD(extack, "action skbedit mark is not supported");
		break;
	case FLOW_ACTION_PRIORITY:
		NL_SET_ERR_MSG_MOD(extack,
				   "action skbedit priority is not supported");
		break;
	case FLOW_ACTION_QUEUE:
		NL_SET_ERR_MSG_MOD(extack,
				   "action skbedit queue_mapping is not supported");
		break;
	case FLOW_ACTION_GATE:
		NL_SET_ERR_MSG_MOD(extack, "action gate is not supported");
		break;
	case FLOW_ACTION_PPPOE_PUSH:
		NL_SET_ERR_MSG_MOD(extack, "action pppoe is not supported");
		break;
	case FLOW_ACTION_VLAN_PUSH_ETH:
	case FLOW_ACTION_VLAN_POP_ETH:
		NL_SET_ERR_MSG_MOD(extack,
				   "action vlan push_eth/pop_eth is not supported");
		break;
	case FLOW_ACTION_WAKE:
	case FLOW_ACTION_JUMP:
	case FLOW_ACTION_PIPE:
	case FLOW_ACTION_CONTINUE:
		NL_SET_ERR_MSG_MOD(extack,
				   "gact verdicts other than drop, trap, pass and goto chain are not supported");
		break;
	default:
		NL_SET_ERR_MSG_MOD(extack, "this action is not supported");
		break;
	}
	return -EOPNOTSUPP;
}

/* --- the match ------------------------------------------------------------ */

/* The flow dissector keys a rule may match on. */
#define VXFP_TC_KEYS	(VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_CONTROL) |	\
			 VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_BASIC) |		\
			 VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_ETH_ADDRS) |	\
			 VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_VLAN) |		\
			 VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_IPV4_ADDRS) |	\
			 VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_IPV6_ADDRS) |	\
			 VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_PORTS) |		\
			 VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_TCP) |		\
			 VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_ICMP) |		\
			 VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_ARP) |		\
			 VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_IP))

/* ... and on a VXLAN netdev, the tunnel's. */
#define VXFP_TC_ENC_KEYS (VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_ENC_KEYID) |	\
			  VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_ENC_IPV4_ADDRS) | \
			  VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_ENC_IPV6_ADDRS) | \
			  VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_ENC_CONTROL) |	\
			  VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_ENC_PORTS) |	\
			  VXFP_FLOW_KEY_BIT(FLOW_DISSECTOR_KEY_ENC_IP))

static int vxfp_tc_check_keys(const struct vxfp_tc_binding *b,
			      const struct flow_rule *rule,
			      struct netlink_ext_ack *extack)
{
	u64 used = vxfp_flow_rule_used_keys(rule);
	unsigned int id;

	if (!b->indirect && (used & VXFP_TC_ENC_KEYS)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "tunnel (enc_*) matches belong on the rules of a VXLAN device");
		return -EOPNOTSUPP;
	}
	used &= ~(VXFP_TC_KEYS | VXFP_TC_ENC_KEYS);
	for (id = 0; id < FLOW_DISSECTOR_KEY_MAX; id++)
		if (used & VXFP_FLOW_KEY_BIT(id))
			return vxfp_tc_refuse_key(id, extack);
	return 0;
}

/*
 * ip_flags frag/nofrag and firstfrag/nofirstfrag as the fast path's
 * fragment bits: VXFP_FLOW_FRAG_IS (a fragment) and VXFP_FLOW_FRAG_LATER
 * (one not at offset 0). tc's FIRST_FRAG is only ever set on fragments.
 */
static int vxfp_tc_match_frag(u32 key, u32 mask, struct vxfp_flow_key *k,
			      struct vxfp_flow_key *m,
			      struct netlink_ext_ack *extack)
{
	if (mask & ~(FLOW_DIS_IS_FRAGMENT | FLOW_DIS_FIRST_FRAG)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "match on ip_flags other than frag and firstfrag is not supported");
		return -EOPNOTSUPP;
	}
	key &= mask;
	if (mask & FLOW_DIS_IS_FRAGMENT) {
		m->ip.frag |= VXFP_FLOW_FRAG_IS;
		if (key & FLOW_DIS_IS_FRAGMENT)
			k->ip.frag |= VXFP_FLOW_FRAG_IS;
	}
	if (!(mask & FLOW_DIS_FIRST_FRAG))
		return 0;
	if (key & FLOW_DIS_FIRST_FRAG) {
		if ((mask & FLOW_DIS_IS_FRAGMENT) &&
		    !(key & FLOW_DIS_IS_FRAGMENT)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "ip_flags nofrag and firstfrag match nothing");
			return -EINVAL;
		}
		/* A fragment at offset 0. */
		m->ip.frag |= VXFP_FLOW_FRAG_IS | VXFP_FLOW_FRAG_LATER;
		k->ip.frag |= VXFP_FLOW_FRAG_IS;
		return 0;
	}
	/* nofirstfrag: not a fragment, or one past offset 0. */
	if (!(mask & FLOW_DIS_IS_FRAGMENT)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "ip_flags nofirstfrag needs frag or nofrag as well");
		return -EOPNOTSUPP;
	}
	if (key & FLOW_DIS_IS_FRAGMENT) {
		m->ip.frag |= VXFP_FLOW_FRAG_LATER;
		k->ip.frag |= VXFP_FLOW_FRAG_LATER;
	}
	return 0;
}

static bool vxfp_tc_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

/*
 * tc's software path does not look into the transport header of a
 * fragment (its ports, TCP flags and ICMP type read as 0), where the fast
 * path reads a first fragment's; so a match on them says something about
 * fragments, which is made explicit here.
 */
static int vxfp_tc_match_l4_frag(struct vxfp_flow_key *k,
				 struct vxfp_flow_key *m,
				 struct netlink_ext_ack *extack)
{
	bool frag_pinned = m->ip.frag & VXFP_FLOW_FRAG_IS;
	bool frag = k->ip.frag & VXFP_FLOW_FRAG_IS;

	if (vxfp_tc_zero(&m->tp, sizeof(m->tp)))
		return 0;
	if (frag_pinned && !frag)
		return 0;
	if (!vxfp_tc_zero(&k->tp, sizeof(k->tp))) {
		if (frag_pinned) {
			NL_SET_ERR_MSG_MOD(extack,
					   "transport fields of fragments match nothing in tc");
			return -EINVAL;
		}
		/* What tc matches is not a fragment. */
		m->ip.frag |= VXFP_FLOW_FRAG_IS;
		return 0;
	}
	if (frag_pinned) {
		/* Fragments: tc sees zeroes there, whatever they carry. */
		memset(&m->tp, 0, sizeof(m->tp));
		return 0;
	}
	NL_SET_ERR_MSG_MOD(extack,
			   "a match on zero transport fields needs ip_flags frag or nofrag");
	return -EOPNOTSUPP;
}

static int vxfp_tc_match_vlan(const struct flow_rule *rule,
			      struct vxfp_flow_key *k, struct vxfp_flow_key *m,
			      bool *next_type, struct netlink_ext_ack *extack)
{
	struct flow_match_vlan match;

	flow_rule_match_vlan(rule, &match);
	if (match.mask->vlan_dei) {
		NL_SET_ERR_MSG_MOD(extack, "match on the VLAN DEI bit is not supported");
		return -EOPNOTSUPP;
	}
	k->eth.vlan_tci = htons(match.key->vlan_id |
				match.key->vlan_priority << VLAN_PRIO_SHIFT);
	m->eth.vlan_tci = htons(match.mask->vlan_id |
				match.mask->vlan_priority << VLAN_PRIO_SHIFT);
	k->eth.vlan_tpid = match.key->vlan_tpid;
	m->eth.vlan_tpid = match.mask->vlan_tpid;
	if (m->eth.vlan_tci && m->eth.vlan_tpid != htons(0xffff)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a VLAN id or priority match needs the VLAN protocol");
		return -EOPNOTSUPP;
	}
	*next_type = false;
	if (!match.mask->vlan_eth_type)
		return 0;
	/*
	 * The ethertype right after the outer tag: another tag's TPID cannot
	 * be matched; any other is the innermost ethertype, with no inner tag.
	 */
	if (match.mask->vlan_eth_type != htons(0xffff) ||
	    eth_type_vlan(match.key->vlan_eth_type)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "match on the inner VLAN's protocol is not supported");
		return -EOPNOTSUPP;
	}
	if (m->eth.type && k->eth.type != match.key->vlan_eth_type) {
		NL_SET_ERR_MSG_MOD(extack,
				   "vlan_ethtype and the ethertype differ: nothing matches");
		return -EINVAL;
	}
	k->eth.type = match.key->vlan_eth_type;
	m->eth.type = htons(0xffff);
	*next_type = true;
	return 0;
}

/*
 * The filter's protocol (tc filter ... protocol P), which tc's software
 * path checks before flower does: the outer TPID of a tagged packet, the
 * ethertype of an untagged one.
 */
static int vxfp_tc_match_protocol(__be16 proto, struct vxfp_flow_key *k,
				  struct vxfp_flow_key *m,
				  struct netlink_ext_ack *extack)
{
	if (proto == htons(ETH_P_ALL))
		return 0;
	if (eth_type_vlan(proto)) {
		if (!m->eth.vlan_tpid) {
			k->eth.vlan_tpid = proto;
			m->eth.vlan_tpid = htons(0xffff);
		} else if (m->eth.vlan_tpid != htons(0xffff) ||
			   k->eth.vlan_tpid != proto) {
			NL_SET_ERR_MSG_MOD(extack,
					   "the filter's protocol and the VLAN protocol differ");
			return -EINVAL;
		}
		return 0;
	}
	if (m->eth.vlan_tpid) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a VLAN match needs a VLAN protocol as the filter's protocol");
		return -EINVAL;
	}
	if (m->eth.type && (m->eth.type != htons(0xffff) ||
			    k->eth.type != proto)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the filter's protocol and eth_type differ: nothing matches");
		return -EINVAL;
	}
	/* Untagged, of that ethertype. */
	k->eth.type = proto;
	m->eth.type = htons(0xffff);
	k->eth.vlan_tpid = 0;
	m->eth.vlan_tpid = htons(0xffff);
	return 0;
}

static void vxfp_tc_match_l3(const struct flow_rule *rule, u16 addr_type,
			     struct vxfp_flow_key *k, struct vxfp_flow_key *m)
{
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_BASIC)) {
		struct flow_match_basic match;

		flow_rule_match_basic(rule, &match);
		k->eth.type = match.key->n_proto;
		m->eth.type = match.mask->n_proto;
		k->ip.proto = match.key->ip_proto;
		m->ip.proto = match.mask->ip_proto;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ETH_ADDRS)) {
		struct flow_match_eth_addrs match;

		flow_rule_match_eth_addrs(rule, &match);
		ether_addr_copy(k->eth.dst, match.key->dst);
		ether_addr_copy(m->eth.dst, match.mask->dst);
		ether_addr_copy(k->eth.src, match.key->src);
		ether_addr_copy(m->eth.src, match.mask->src);
	}
	if (addr_type == FLOW_DISSECTOR_KEY_IPV4_ADDRS) {
		struct flow_match_ipv4_addrs match;

		flow_rule_match_ipv4_addrs(rule, &match);
		k->ip.ipv4.src = match.key->src;
		m->ip.ipv4.src = match.mask->src;
		k->ip.ipv4.dst = match.key->dst;
		m->ip.ipv4.dst = match.mask->dst;
	} else if (addr_type == FLOW_DISSECTOR_KEY_IPV6_ADDRS) {
		struct flow_match_ipv6_addrs match;

		flow_rule_match_ipv6_addrs(rule, &match);
		k->ip.ipv6.src = match.key->src;
		m->ip.ipv6.src = match.mask->src;
		k->ip.ipv6.dst = match.key->dst;
		m->ip.ipv6.dst = match.mask->dst;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_IP)) {
		struct flow_match_ip match;

		flow_rule_match_ip(rule, &match);
		k->ip.tos = match.key->tos;
		m->ip.tos = match.mask->tos;
		k->ip.ttl = match.key->ttl;
		m->ip.ttl = match.mask->ttl;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ARP)) {
		struct vxfp_flow_match_arp match;

		vxfp_flow_rule_match_arp(rule, &match);
		k->ip.arp.sip = (__force __be32)match.key->sip;
		m->ip.arp.sip = (__force __be32)match.mask->sip;
		k->ip.arp.tip = (__force __be32)match.key->tip;
		m->ip.arp.tip = (__force __be32)match.mask->tip;
		/* tc matches the opcode's low byte only. */
		k->ip.arp.op = htons(match.key->op);
		m->ip.arp.op = htons(match.mask->op);
		ether_addr_copy(k->ip.arp.sha, match.key->sha);
		ether_addr_copy(m->ip.arp.sha, match.mask->sha);
		ether_addr_copy(k->ip.arp.tha, match.key->tha);
		ether_addr_copy(m->ip.arp.tha, match.mask->tha);
	}
}

static int vxfp_tc_match_l4(const struct flow_rule *rule,
			    struct vxfp_flow_key *k, struct vxfp_flow_key *m,
			    struct netlink_ext_ack *extack)
{
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_PORTS)) {
		struct flow_match_ports match;

		flow_rule_match_ports(rule, &match);
		k->tp.src = match.key->src;
		m->tp.src = match.mask->src;
		k->tp.dst = match.key->dst;
		m->tp.dst = match.mask->dst;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_TCP)) {
		struct flow_match_tcp match;

		flow_rule_match_tcp(rule, &match);
		k->tp.flags = match.key->flags;
		m->tp.flags = match.mask->flags;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ICMP)) {
		struct flow_match_icmp match;

		flow_rule_match_icmp(rule, &match);
		if (match.mask->id) {
			NL_SET_ERR_MSG_MOD(extack, "match on the ICMP id is not supported");
			return -EOPNOTSUPP;
		}
		k->tp.icmp_type = match.key->type;
		m->tp.icmp_type = match.mask->type;
		k->tp.icmp_code = match.key->code;
		m->tp.icmp_code = match.mask->code;
	}
	return 0;
}

/*
 * The tunnel part of a rule on a VXLAN netdev: what it matches, and what
 * the netdev itself implies (its UDP port; its VNI unless it is in
 * external mode), since it only ever sees packets of those.
 */
static int vxfp_tc_match_tun(const struct vxfp_tc_binding *b,
			     const struct flow_rule *rule,
			     struct vxfp_flow_key *k, struct vxfp_flow_key *m,
			     struct netlink_ext_ack *extack)
{
	const struct vxlan_dev *vxlan = netdev_priv(b->dev);
	__be16 port = READ_ONCE(vxlan->cfg.dst_port);
	u32 flags = READ_ONCE(vxlan->cfg.flags);
	u16 addr_type = 0;

	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ENC_CONTROL)) {
		struct flow_match_control match;

		flow_rule_match_enc_control(rule, &match);
		if (match.mask->flags) {
			NL_SET_ERR_MSG_MOD(extack,
					   "match on tunnel flags is not supported");
			return -EOPNOTSUPP;
		}
		addr_type = match.key->addr_type;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ENC_KEYID)) {
		struct flow_match_enc_keyid match;
		u32 vni, mask;

		flow_rule_match_enc_keyid(rule, &match);
		vni = be32_to_cpu(match.key->keyid);
		mask = be32_to_cpu(match.mask->keyid);
		if ((vni & mask) > 0xffffff) {
			NL_SET_ERR_MSG_MOD(extack,
					   "enc_key_id past 24 bits: no VXLAN packet matches");
			return -EINVAL;
		}
		k->tun.vni = vni & mask & 0xffffff;
		m->tun.vni = mask & 0xffffff;
	}
	if (addr_type == FLOW_DISSECTOR_KEY_IPV4_ADDRS) {
		struct flow_match_ipv4_addrs match;

		flow_rule_match_enc_ipv4_addrs(rule, &match);
		k->tun.ipv4.src = match.key->src;
		m->tun.ipv4.src = match.mask->src;
		k->tun.ipv4.dst = match.key->dst;
		m->tun.ipv4.dst = match.mask->dst;
		k->tun.addr_family = AF_INET;
		m->tun.addr_family = 0xff;
	} else if (addr_type == FLOW_DISSECTOR_KEY_IPV6_ADDRS) {
		struct flow_match_ipv6_addrs match;

		flow_rule_match_enc_ipv6_addrs(rule, &match);
		k->tun.ipv6.src = match.key->src;
		m->tun.ipv6.src = match.mask->src;
		k->tun.ipv6.dst = match.key->dst;
		m->tun.ipv6.dst = match.mask->dst;
		k->tun.addr_family = AF_INET6;
		m->tun.addr_family = 0xff;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ENC_PORTS)) {
		struct flow_match_ports match;

		flow_rule_match_enc_ports(rule, &match);
		if (match.mask->src) {
			NL_SET_ERR_MSG_MOD(extack,
					   "match on enc_src_port is not supported");
			return -EOPNOTSUPP;
		}
		if ((match.key->dst & match.mask->dst) !=
		    (port & match.mask->dst)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "enc_dst_port is not the VXLAN device's port: nothing matches");
			return -EINVAL;
		}
	}
	k->tun.tp_dst = port;
	m->tun.tp_dst = htons(0xffff);
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ENC_IP)) {
		struct flow_match_ip match;

		flow_rule_match_enc_ip(rule, &match);
		k->tun.tos = match.key->tos;
		m->tun.tos = match.mask->tos;
		k->tun.ttl = match.key->ttl;
		m->tun.ttl = match.mask->ttl;
	}
	if (!(flags & VXLAN_F_COLLECT_METADATA)) {
		u32 vni = be32_to_cpu(READ_ONCE(vxlan->cfg.vni));

		if ((k->tun.vni & m->tun.vni) != (vni & m->tun.vni)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "enc_key_id is not the VXLAN device's VNI: nothing matches");
			return -EINVAL;
		}
		k->tun.vni = vni;
		m->tun.vni = 0xffffff;
	}
	return 0;
}

static bool vxfp_tc_pf_has_addr(struct net_device *pf, const struct vxfp_flow_key *k)
{
	bool found = false;

	if (k->tun.addr_family == AF_INET) {
		const struct in_ifaddr *ifa;
		struct in_device *in_dev;

		in_dev = __in_dev_get_rcu(pf);
		if (!in_dev)
			return false;
		in_dev_for_each_ifa_rcu(ifa, in_dev) {
			if (ifa->ifa_local == k->tun.ipv4.dst) {
				found = true;
				break;
			}
		}
	} else if (IS_ENABLED(CONFIG_IPV6)) {
		found = ipv6_chk_addr(dev_net(pf), &k->tun.ipv6.dst, pf, 0);
	}
	return found;
}

/*
 * Whether a rule on a VXLAN netdev is for the switch of its binding: the
 * switch in switchdev mode, in the netdev's namespace, whose PF holds the
 * rule's enc_dst_ip (the local end of the tunnel), which must be exact.
 * Another switch's binding of the same netdev takes the rule if it is for
 * that one: this one then refuses it without a word, since tc keeps the
 * message of a refusal even where another callback took the rule. The
 * switches looked at stay valid while vxfp_tc_lock is held: a PF's
 * NETDEV_UNREGISTER, which comes one grace period after the PF leaves the
 * namespace's list, waits for it.
 */
static int vxfp_tc_tun_switch(const struct vxfp_tc_binding *b,
			      const struct vxfp_flow_key *k,
			      const struct vxfp_flow_key *m,
			      struct netlink_ext_ack *extack)
{
	struct vxfp_switch *sw, *found = NULL;
	struct net_device *dev;
	bool legacy = false;

	if (m->tun.addr_family != 0xff ||
	    (k->tun.addr_family == AF_INET ?
	     m->tun.ipv4.dst != htonl(0xffffffff) :
	     !!memchr_inv(&m->tun.ipv6.dst, 0xff, sizeof(m->tun.ipv6.dst)))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "rules on a VXLAN device need an exact enc_dst_ip, the local address on a switch's PF");
		return -EOPNOTSUPP;
	}
	rcu_read_lock();
	for_each_netdev_rcu(dev_net(b->dev), dev) {
		sw = vxfp_switch_from_pf(dev);
		if (!sw || READ_ONCE(sw->dead) || !vxfp_tc_pf_has_addr(dev, k))
			continue;
		if (READ_ONCE(sw->mode) != VXFP_ESWITCH_SWITCHDEV) {
			legacy = true;
			continue;
		}
		found = sw;
		break;
	}
	rcu_read_unlock();
	if (found == b->sw)
		return 0;
	if (!found && legacy)
		NL_SET_ERR_MSG_MOD(extack,
				   "the switch holding enc_dst_ip is in legacy mode: rules are offloaded in switchdev mode only");
	else if (!found)
		NL_SET_ERR_MSG_MOD(extack,
				   "no switch in this namespace holds enc_dst_ip on its PF");
	return -EOPNOTSUPP;
}

/* The key and mask of a rule's flow, and the switch it is for. */
static int vxfp_tc_match(const struct vxfp_tc_binding *b,
			 struct flow_cls_offload *f, struct vxfp_tc_rule *r,
			 struct netlink_ext_ack *extack)
{
	struct flow_rule *rule = flow_cls_offload_flow_rule(f);
	struct vxfp_flow_key *k = &r->key, *m = &r->mask;
	u64 *kw = (u64 *)k, *mw = (u64 *)m;
	bool next_type = false;
	u16 addr_type = 0;
	unsigned int i;
	int err;

	/* A VXLAN netdev's rule may be another switch's: see below. */
	if (!b->indirect && READ_ONCE(b->sw->mode) != VXFP_ESWITCH_SWITCHDEV) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the switch is in legacy mode: rules are offloaded in switchdev mode only");
		return -EOPNOTSUPP;
	}
	err = vxfp_tc_check_keys(b, rule, extack);
	if (err)
		return err;
	vxfp_flow_key_init(k);
	vxfp_flow_key_init(m);
	k->in_port = b->in_port;
	m->in_port = U32_MAX;
	k->chain = f->common.chain_index;
	m->chain = U32_MAX;

	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_CONTROL)) {
		struct flow_match_control match;

		flow_rule_match_control(rule, &match);
		addr_type = match.key->addr_type;
		err = vxfp_tc_match_frag(match.key->flags, match.mask->flags,
					 k, m, extack);
		if (err)
			return err;
	}
	vxfp_tc_match_l3(rule, addr_type, k, m);
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_VLAN)) {
		err = vxfp_tc_match_vlan(rule, k, m, &next_type, extack);
		if (err)
			return err;
	}
	err = vxfp_tc_match_protocol(f->common.protocol, k, m, extack);
	if (err)
		return err;
	if (next_type) {
		/* No inner tag: the fast path reads a TCI of 0 as none. */
		m->eth.cvlan_tci = htons(VLAN_VID_MASK | VLAN_PRIO_MASK);
	}
	err = vxfp_tc_match_l4(rule, k, m, extack);
	if (err)
		return err;

	if (b->indirect) {
		err = vxfp_tc_match_tun(b, rule, k, m, extack);
		if (err)
			return err;
	} else if (b->in_port == VXFP_FLOW_PORT_UPLINK) {
		/*
		 * What the PF's block sees came from the wire as it is, not
		 * out of a tunnel: the fast path also looks a VXLAN packet up
		 * by its inner headers, which the PF never sees.
		 */
		m->tun.addr_family = 0xff;
	}
	for (i = 0; i < VXFP_FLOW_KEY_WORDS; i++)
		kw[i] &= mw[i];
	err = vxfp_tc_match_l4_frag(k, m, extack);
	if (err)
		return err;

	if (b->indirect) {
		err = vxfp_tc_tun_switch(b, k, m, extack);
		if (err)
			return err;
	}
	r->sw = b->sw;
	return vxfp_flow_key_check(r->sw, k, m, NULL, extack);
}

/* --- the actions ---------------------------------------------------------- */

/**
 * struct vxfp_tc_xlate - the translation of a rule's actions
 * @b: the binding
 * @r: the rule, whose @acts are filled
 * @max: room in @r->acts
 * @tunnel: the tunnel_key set in effect, for a mirred to a VXLAN device
 * @encap: an encap was emitted: the packet goes out of the uplink in a
 *	tunnel from there on
 * @ptype_host: the action before was skbedit ptype host, which makes the
 *	mirred ingress right after it one to any netdev of the namespace
 * @extack: where to say why not
 */
struct vxfp_tc_xlate {
	const struct vxfp_tc_binding *b;
	struct vxfp_tc_rule *r;
	u32 max;
	const struct ip_tunnel_info *tunnel;
	bool encap;
	bool ptype_host;
	struct netlink_ext_ack *extack;
};

static struct vxfp_tc_act *vxfp_tc_add(struct vxfp_tc_xlate *x, u8 type)
{
	struct vxfp_tc_act *a;

	if (x->r->count >= x->max) {
		NL_SET_ERR_MSG_MOD(x->extack, "too many actions for one flow");
		return NULL;
	}
	a = &x->r->acts[x->r->count++];
	memset(a, 0, sizeof(*a));
	a->act.type = type;
	return a;
}

static int vxfp_tc_output(struct vxfp_tc_xlate *x, u32 port)
{
	struct vxfp_tc_act *a;

	if (x->encap && port != VXFP_PORT_ID_UPLINK) {
		NL_SET_ERR_MSG_MOD(x->extack,
				   "after a mirred to a VXLAN device, mirred to other devices is not supported");
		return -EOPNOTSUPP;
	}
	a = vxfp_tc_add(x, VXFP_ACT_A_OUTPUT);
	if (!a)
		return -E2BIG;
	a->act.port = port;
	return 0;
}

/* A tunnel_key set, checked, kept for the mirred to a VXLAN device. */
static int vxfp_tc_tunnel_set(struct vxfp_tc_xlate *x,
			      const struct ip_tunnel_info *info)
{
	const struct ip_tunnel_key *key = &info->key;

	if (!(info->mode & IP_TUNNEL_INFO_TX)) {
		NL_SET_ERR_MSG_MOD(x->extack, "tunnel_key set without a transmit tunnel");
		return -EOPNOTSUPP;
	}
	if (info->options_len) {
		NL_SET_ERR_MSG_MOD(x->extack,
				   "tunnel_key set with tunnel options is not supported");
		return -EOPNOTSUPP;
	}
	if (vxfp_tun_key_other_flags(key)) {
		NL_SET_ERR_MSG_MOD(x->extack,
				   "tunnel_key set flags other than csum/nocsum are not supported");
		return -EOPNOTSUPP;
	}
	if (key->tp_src || key->label) {
		NL_SET_ERR_MSG_MOD(x->extack,
				   "tunnel_key set with a source port or flow label is not supported");
		return -EOPNOTSUPP;
	}
	if (be64_to_cpu(key->tun_id) > 0xffffff) {
		NL_SET_ERR_MSG_MOD(x->extack, "tunnel_key id must be a 24-bit VNI");
		return -EINVAL;
	}
	if (ip_tunnel_info_af(info) == AF_INET) {
		__be32 dst = key->u.ipv4.dst;

		if (ipv4_is_multicast(dst) || ipv4_is_zeronet(dst) ||
		    ipv4_is_lbcast(dst)) {
			NL_SET_ERR_MSG_MOD(x->extack,
					   "tunnel_key set dst_ip must be a unicast address");
			return -EINVAL;
		}
	} else if (ipv6_addr_any(&key->u.ipv6.dst) ||
		   ipv6_addr_is_multicast(&key->u.ipv6.dst)) {
		NL_SET_ERR_MSG_MOD(x->extack,
				   "tunnel_key set dst_ip must be a unicast address");
		return -EINVAL;
	}
	x->tunnel = info;
	return 0;
}

/* mirred egress to a VXLAN device: encap (tunnel_key set), then the wire. */
static int vxfp_tc_to_vxlan(struct vxfp_tc_xlate *x, struct net_device *dev)
{
	const struct vxlan_dev *vxlan = netdev_priv(dev);
	const struct ip_tunnel_info *info = x->tunnel;
	struct vxfp_tc_encap *e;
	struct vxfp_tc_act *a;

	if (!info) {
		NL_SET_ERR_MSG_MOD(x->extack,
				   "mirred to a VXLAN device needs a tunnel_key set before it");
		return -EOPNOTSUPP;
	}
	if (!(READ_ONCE(vxlan->cfg.flags) & VXLAN_F_COLLECT_METADATA)) {
		NL_SET_ERR_MSG_MOD(x->extack,
				   "mirred with tunnel_key set needs a VXLAN device in external (collect_md) mode");
		return -EOPNOTSUPP;
	}
	if (!net_eq(dev_net(dev), read_pnet(&x->r->sw->net))) {
		NL_SET_ERR_MSG_MOD(x->extack,
				   "the VXLAN device is not in the switch's namespace");
		return -EOPNOTSUPP;
	}
	a = vxfp_tc_add(x, VXFP_ACT_A_ENCAP);
	if (!a)
		return -E2BIG;
	e = &a->encap;
	e->family = ip_tunnel_info_af(info);
	if (e->family == AF_INET) {
		e->src.ip4 = info->key.u.ipv4.src;
		e->dst.ip4 = info->key.u.ipv4.dst;
	} else {
		e->src.ip6 = info->key.u.ipv6.src;
		e->dst.ip6 = info->key.u.ipv6.dst;
	}
	e->vni = be64_to_cpu(info->key.tun_id);
	e->dst_port = info->key.tp_dst ?: READ_ONCE(vxlan->cfg.dst_port);
	e->tos = info->key.tos;
	e->ttl = info->key.ttl;
	e->csum = vxfp_tun_key_csum(&info->key);
	x->encap = true;
	return vxfp_tc_output(x, VXFP_PORT_ID_UPLINK);
}

/* mirred to @dev: a port of the rule's switch, or a VXLAN device. */
static int vxfp_tc_mirred(struct vxfp_tc_xlate *x, struct net_device *dev,
			  bool ingress)
{
	struct vxfp_switch *sw = x->r->sw;
	bool ptype_host = x->ptype_host;
	u32 i;

	/* skbedit ptype host is for the mirred right after it. */
	x->ptype_host = false;
	if (!dev) {
		NL_SET_ERR_MSG_MOD(x->extack, "mirred to a device that is gone");
		return -ENODEV;
	}
	if (dev == sw->pf)
		return vxfp_tc_output(x, ingress ? VXFP_PORT_ID_PF :
					 VXFP_PORT_ID_UPLINK);
	if (dev == sw->uplink && !ingress)
		return vxfp_tc_output(x, VXFP_PORT_ID_UPLINK);
	for (i = 0; i < sw->num_vfs; i++) {
		if (rcu_access_pointer(sw->vports[i].rep) == dev)
			return vxfp_tc_output(x, ingress ? VXFP_PORT_ID_REP(i) :
						 VXFP_PORT_ID_VF(i));
	}
	if (netif_is_vxlan(dev) && !ingress)
		return vxfp_tc_to_vxlan(x, dev);
	/* Open vSwitch's output to an internal port (br-int). */
	if (ingress && ptype_host) {
		if (!net_eq(dev_net(dev), read_pnet(&sw->net)) ||
		    !VXFP_PORT_ID_IS_HOST(VXFP_PORT_ID_HOST(dev->ifindex))) {
			NL_SET_ERR_MSG_MOD(x->extack,
					   "mirred ingress to a device of another network namespace is not supported");
			return -EOPNOTSUPP;
		}
		return vxfp_tc_output(x, VXFP_PORT_ID_HOST(dev->ifindex));
	}
	if (ingress)
		NL_SET_ERR_MSG_MOD(x->extack,
				   "mirred ingress to a device other than the switch's PF or representors is supported only after skbedit ptype host");
	else
		NL_SET_ERR_MSG_MOD(x->extack,
				   "mirred to a device that is not a port of the switch nor a VXLAN device");
	return -EOPNOTSUPP;
}

/*
 * pedit: tc's mask has the bits to keep, its value the new bits (XORed in,
 * so it must have none of the kept ones), both raw network-order words;
 * the fast path's mask has the bits to write.
 */
static int vxfp_tc_mangle(struct vxfp_tc_xlate *x,
			  const struct flow_action_entry *act)
{
	__be32 keep = (__force __be32)act->mangle.mask;
	__be32 val = (__force __be32)act->mangle.val;
	struct vxfp_tc_act *a;
	u8 hdr;

	switch (act->mangle.htype) {
	case FLOW_ACT_MANGLE_HDR_TYPE_ETH:
		hdr = VXFP_MANGLE_ETH;
		break;
	case FLOW_ACT_MANGLE_HDR_TYPE_IP4:
		hdr = VXFP_MANGLE_IP4;
		break;
	case FLOW_ACT_MANGLE_HDR_TYPE_IP6:
		hdr = VXFP_MANGLE_IP6;
		break;
	case FLOW_ACT_MANGLE_HDR_TYPE_TCP:
		hdr = VXFP_MANGLE_TCP;
		break;
	case FLOW_ACT_MANGLE_HDR_TYPE_UDP:
		hdr = VXFP_MANGLE_UDP;
		break;
	default:
		NL_SET_ERR_MSG_MOD(x->extack,
				   "pedit of this header is not supported (only eth, ip4, ip6, tcp, udp)");
		return -EOPNOTSUPP;
	}
	if (act->mangle.offset > 255 || act->mangle.offset % 4) {
		NL_SET_ERR_MSG_MOD(x->extack, "pedit at this offset is not supported");
		return -EOPNOTSUPP;
	}
	if (val & keep) {
		NL_SET_ERR_MSG_MOD(x->extack,
				   "pedit flipping bits it keeps is not supported");
		return -EOPNOTSUPP;
	}
	if (!~keep)
		return 0;
	a = vxfp_tc_add(x, VXFP_ACT_A_MANGLE);
	if (!a)
		return -E2BIG;
	a->act.mangle.hdr = hdr;
	a->act.mangle.off = act->mangle.offset;
	a->act.mangle.mask = ~keep;
	a->act.mangle.val = val;
	return 0;
}

/* pedit add: only "ip ttl add 0xff" and "ip6 hoplimit add 0xff". */
static int vxfp_tc_add_ttl(struct vxfp_tc_xlate *x,
			   const struct flow_action_entry *act)
{
	__be32 keep = (__force __be32)act->mangle.mask;
	__be32 val = (__force __be32)act->mangle.val;

	if ((act->mangle.htype == FLOW_ACT_MANGLE_HDR_TYPE_IP4 &&
	     act->mangle.offset == offsetof(struct iphdr, ttl) &&
	     keep == htonl(0x00ffffff) && val == htonl(0xff000000)) ||
	    (act->mangle.htype == FLOW_ACT_MANGLE_HDR_TYPE_IP6 &&
	     act->mangle.offset == offsetof(struct ipv6hdr, payload_len) &&
	     keep == htonl(0xffffff00) && val == htonl(0x000000ff)))
		return vxfp_tc_add(x, VXFP_ACT_A_DEC_TTL) ? 0 : -E2BIG;
	NL_SET_ERR_MSG_MOD(x->extack,
			   "pedit add is supported only as a TTL or hop limit decrement (add 0xff)");
	return -EOPNOTSUPP;
}

static int vxfp_tc_vlan(struct vxfp_tc_xlate *x,
			const struct flow_action_entry *act)
{
	const struct vxfp_flow_key *k = &x->r->key, *m = &x->r->mask;
	struct vxfp_tc_act *a;

	if (act->vlan.vid > VLAN_VID_MASK || act->vlan.prio > 7) {
		NL_SET_ERR_MSG_MOD(x->extack, "bad VLAN id or priority");
		return -EINVAL;
	}
	if (act->id == FLOW_ACTION_VLAN_PUSH) {
		if (act->vlan.proto != htons(ETH_P_8021Q) &&
		    act->vlan.proto != htons(ETH_P_8021AD)) {
			NL_SET_ERR_MSG_MOD(x->extack,
					   "vlan push of a protocol other than 802.1Q or 802.1ad");
			return -EOPNOTSUPP;
		}
		a = vxfp_tc_add(x, VXFP_ACT_A_VLAN_PUSH);
		if (!a)
			return -E2BIG;
		a->act.vlan.tpid = act->vlan.proto;
		a->act.vlan.tci = act->vlan.vid |
				  act->vlan.prio << VLAN_PRIO_SHIFT;
		a->act.vlan.tci_mask = VLAN_VID_MASK | VLAN_PRIO_MASK;
		return 0;
	}
	/*
	 * vlan modify: tc sets the id, the priority if one was given, and
	 * the tag's protocol; leaves untagged packets alone.
	 */
	if (m->eth.vlan_tpid != htons(0xffff) || !k->eth.vlan_tpid) {
		NL_SET_ERR_MSG_MOD(x->extack,
				   "vlan modify needs the rule to match a VLAN tag");
		return -EOPNOTSUPP;
	}
	if (act->vlan.proto != k->eth.vlan_tpid) {
		NL_SET_ERR_MSG_MOD(x->extack,
				   "vlan modify changing the tag's protocol is not supported");
		return -EOPNOTSUPP;
	}
	/* A driver cannot tell "priority 0" from "priority unchanged". */
	if (!act->vlan.prio &&
	    ((m->eth.vlan_tci & htons(VLAN_PRIO_MASK)) != htons(VLAN_PRIO_MASK) ||
	     (k->eth.vlan_tci & htons(VLAN_PRIO_MASK)))) {
		NL_SET_ERR_MSG_MOD(x->extack,
				   "vlan modify without a non-zero priority needs the rule to match vlan_prio 0");
		return -EOPNOTSUPP;
	}
	a = vxfp_tc_add(x, VXFP_ACT_A_VLAN_MODIFY);
	if (!a)
		return -E2BIG;
	a->act.vlan.tci = act->vlan.vid | act->vlan.prio << VLAN_PRIO_SHIFT;
	a->act.vlan.tci_mask = VLAN_VID_MASK |
			       (act->vlan.prio ? VLAN_PRIO_MASK : 0);
	return 0;
}

/*
 * The flow's actions from the rule's. tc stops at the first action whose
 * verdict is not "pipe" (drop, trap, pass, goto chain, redirect), so the
 * translation does too; a rule whose actions all pipe lets the packet go
 * on up the stack of the netdev it came in by, which is not offloaded.
 */
static int vxfp_tc_actions(const struct vxfp_tc_binding *b,
			   const struct flow_rule *rule, struct vxfp_tc_rule *r,
			   u32 max, struct netlink_ext_ack *extack)
{
	const struct flow_action *action = &rule->action;
	struct vxfp_tc_xlate x = {
		.b = b,
		.r = r,
		.max = max,
		.extack = extack,
	};
	const struct flow_action_entry *act;
	int i, err = 0;

	if (!flow_action_has_entries(action)) {
		NL_SET_ERR_MSG_MOD(extack, "a rule without actions is not offloaded");
		return -EOPNOTSUPP;
	}
	if (!flow_action_mixed_hw_stats_check(action, extack))
		return -EOPNOTSUPP;
	act = flow_action_first_entry_get(action);
	if (act->hw_stats & FLOW_ACTION_HW_STATS_IMMEDIATE)
		r->hw_stats = FLOW_ACTION_HW_STATS_IMMEDIATE;
	else if (act->hw_stats & FLOW_ACTION_HW_STATS_DELAYED)
		r->hw_stats = FLOW_ACTION_HW_STATS_DELAYED;

	/* What comes in by a VXLAN device comes out of its tunnel first. */
	if (b->indirect && !vxfp_tc_add(&x, VXFP_ACT_A_DECAP))
		return -E2BIG;

	flow_action_for_each(i, act, action) {
		switch (act->id) {
		case FLOW_ACTION_DROP:
			return vxfp_tc_add(&x, VXFP_ACT_A_DROP) ? 0 : -E2BIG;
		case FLOW_ACTION_TRAP:
		case FLOW_ACTION_ACCEPT:
			/*
			 * pass: on up the stack, as a trap does: the slow path.
			 * A VXLAN device's packet goes up as it came, in its
			 * tunnel, for the device to take it out and its rules
			 * to see it in software, as without vxfp.
			 */
			if (b->indirect) {
				if (r->count > 1) {
					NL_SET_ERR_MSG_MOD(extack,
							   "on a VXLAN device, pass and trap are offloaded only as a rule's first action");
					return -EOPNOTSUPP;
				}
				r->count = 0;
			}
			return vxfp_tc_add(&x, VXFP_ACT_A_TRAP) ? 0 : -E2BIG;
		case FLOW_ACTION_GOTO:
			if (!vxfp_tc_add(&x, VXFP_ACT_A_GOTO_CHAIN))
				return -E2BIG;
			r->acts[r->count - 1].act.chain = act->chain_index;
			return 0;
		case FLOW_ACTION_REDIRECT:
		case FLOW_ACTION_REDIRECT_INGRESS:
			return vxfp_tc_mirred(&x, act->dev,
					      act->id == FLOW_ACTION_REDIRECT_INGRESS);
		case FLOW_ACTION_MIRRED:
		case FLOW_ACTION_MIRRED_INGRESS:
			err = vxfp_tc_mirred(&x, act->dev,
					     act->id == FLOW_ACTION_MIRRED_INGRESS);
			break;
		case FLOW_ACTION_TUNNEL_ENCAP:
			err = vxfp_tc_tunnel_set(&x, act->tunnel);
			break;
		case FLOW_ACTION_TUNNEL_DECAP:
			/* tunnel_key unset: drops the metadata, if any. */
			x.tunnel = NULL;
			break;
		case FLOW_ACTION_VLAN_PUSH:
		case FLOW_ACTION_VLAN_MANGLE:
			err = vxfp_tc_vlan(&x, act);
			break;
		case FLOW_ACTION_VLAN_POP:
			err = vxfp_tc_add(&x, VXFP_ACT_A_VLAN_POP) ? 0 : -E2BIG;
			break;
		case FLOW_ACTION_MANGLE:
			err = vxfp_tc_mangle(&x, act);
			break;
		case FLOW_ACTION_ADD:
			err = vxfp_tc_add_ttl(&x, act);
			break;
		case FLOW_ACTION_CSUM:
			/* The fast path fixes the checksums of what it rewrites. */
			break;
		case FLOW_ACTION_PTYPE:
			/* skbedit ptype host before a mirred ingress (OVS). */
			if (act->ptype != PACKET_HOST || i + 1 >= action->num_entries ||
			    (act[1].id != FLOW_ACTION_MIRRED_INGRESS &&
			     act[1].id != FLOW_ACTION_REDIRECT_INGRESS)) {
				NL_SET_ERR_MSG_MOD(extack,
						   "action skbedit ptype is supported only as ptype host before a mirred ingress");
				return -EOPNOTSUPP;
			}
			x.ptype_host = true;
			break;
		default:
			return vxfp_tc_refuse_act(act->id, extack);
		}
		if (err)
			return err;
	}
	NL_SET_ERR_MSG_MOD(extack,
			   "a rule must end in drop, trap, pass, goto chain or a redirect: the rest goes on up the stack in software");
	return -EOPNOTSUPP;
}

/* --- the flows ------------------------------------------------------------ */

static u64 vxfp_tc_new_cookie(struct vxfp_switch *sw)
{
	u64 cookie;
	bool used;

	do {
		cookie = VXFP_FLOW_COOKIE_TC_BASE +
			 (++vxfp_tc_cookie_seq & GENMASK_ULL(47, 0));
		rcu_read_lock();
		used = vxfp_ft_find(&sw->ft, cookie);
		rcu_read_unlock();
	} while (used);
	return cookie;
}

/*
 * Install a rule's flow, from its translation, and index it by its match
 * in its binding @b. Context: vxfp_tc_lock.
 */
static int vxfp_tc_install(struct vxfp_tc_binding *b, struct vxfp_tc_rule *r,
			   struct netlink_ext_ack *extack)
{
	struct vxfp_tc_match m;
	struct vxfp_actions *acts;
	u64 cookie;
	u32 i;
	int err;

	acts = vxfp_actions_alloc(r->sw, r->count);
	if (!acts)
		return -ENOMEM;
	for (i = 0; i < r->count; i++) {
		const struct vxfp_tc_act *t = &r->acts[i];
		struct vxfp_action *a = &acts->acts[i];

		if (t->act.type == VXFP_ACT_A_ENCAP) {
			const struct vxfp_tc_encap *e = &t->encap;

			err = vxfp_actions_encap(r->sw, &a->encap, e->family,
						 &e->src, &e->dst, e->tos,
						 e->vni, e->dst_port, e->ttl,
						 e->csum, extack);
			if (err)
				goto err_free;
			a->type = VXFP_ACT_A_ENCAP;
		} else {
			*a = t->act;
		}
		acts->count++;
	}
	err = vxfp_actions_finish(acts, &r->key, &r->mask, extack);
	if (err)
		goto err_free;
	cookie = vxfp_tc_new_cookie(r->sw);
	/* Takes the actions, installed or not. */
	err = vxfp_flow_install(r->sw, &r->key, &r->mask, r->priority, cookie,
				acts, extack);
	if (err)
		return err;
	/* A twin would have been uninstalled first: see vxfp_tc_replace(). */
	vxfp_tc_match_of(r, &m);
	err = rhashtable_lookup_insert_key(&b->flows, &m, &r->match_node,
					   vxfp_tc_match_params);
	if (err) {
		vxfp_flow_uninstall(r->sw, cookie);
		return err;
	}
	r->cookie = cookie;
	r->packets = 0;
	r->bytes = 0;
	return 0;

err_free:
	vxfp_actions_free(acts);
	return err;
}

/*
 * The rule has no flow any more: out of @b's index by match, which hashes
 * it by r->sw, so before that changes.
 */
static void vxfp_tc_forget(struct vxfp_tc_binding *b, struct vxfp_tc_rule *r)
{
	if (!r->cookie)
		return;
	rhashtable_remove_fast(&b->flows, &r->match_node,
			       vxfp_tc_match_params);
	r->cookie = 0;
}

static void vxfp_tc_uninstall(struct vxfp_tc_binding *b,
			      struct vxfp_tc_rule *r)
{
	if (r->sw && r->cookie)
		vxfp_flow_uninstall(r->sw, r->cookie);
	vxfp_tc_forget(b, r);
}

/* A rule of @b whose flow has the same match and priority as @r's. */
static struct vxfp_tc_rule *vxfp_tc_twin(struct vxfp_tc_binding *b,
					 const struct vxfp_tc_rule *r)
{
	struct vxfp_tc_match m;

	vxfp_tc_match_of(r, &m);
	return rhashtable_lookup_fast(&b->flows, &m, vxfp_tc_match_params);
}

static void vxfp_tc_rule_free(struct vxfp_tc_binding *b, struct vxfp_tc_rule *r)
{
	struct vxfp_tc_rule *twin = r->displaced;

	list_del(&r->list);
	b->nr_rules--;
	vxfp_tc_uninstall(b, r);
	if (r->displaced_by) {
		/*
		 * In the middle of a chain of rules of one flow: the one
		 * that displaced it now waits for the one it displaced.
		 */
		r->displaced_by->displaced = twin;
		if (twin)
			twin->displaced_by = r->displaced_by;
	} else if (twin) {
		/*
		 * The replacement failed, or went: the replaced rule has its
		 * flow back.
		 */
		twin->displaced_by = NULL;
		if (twin->sw && vxfp_tc_install(b, twin, NULL))
			netdev_warn(b->dev,
				    "cannot restore the flow of a replaced tc rule\n");
	}
	kfree_rcu(r, rcu);
}

static int vxfp_tc_replace(struct vxfp_tc_binding *b,
			   struct flow_cls_offload *f)
{
	struct flow_rule *rule = flow_cls_offload_flow_rule(f);
	struct netlink_ext_ack *extack = f->common.extack;
	struct vxfp_tc_rule *r, *twin;
	u32 max;
	int err;

	if (rhashtable_lookup_fast(&b->rules, &f->cookie, vxfp_tc_rule_params)) {
		NL_SET_ERR_MSG_MOD(extack, "this rule is offloaded already");
		return -EEXIST;
	}
	/* Each entry gives one action at most, but a mirred to VXLAN two. */
	max = min_t(u32, 2 * rule->action.num_entries + 1,
		    VXFP_FLOW_MAX_ACTIONS);
	r = kzalloc(struct_size(r, acts, max), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->tc_cookie = f->cookie;
	r->priority = f->common.prio;

	err = vxfp_tc_match(b, f, r, extack);
	if (err)
		goto err_free;
	err = vxfp_tc_actions(b, rule, r, max, extack);
	if (err)
		goto err_free;

	/* tc filter replace: the old rule goes right after, if all is well. */
	twin = vxfp_tc_twin(b, r);
	if (twin)
		vxfp_tc_uninstall(b, twin);
	err = vxfp_tc_install(b, r, extack);
	if (err)
		goto err_restore;
	err = rhashtable_insert_fast(&b->rules, &r->node, vxfp_tc_rule_params);
	if (err)
		goto err_uninstall;
	list_add_tail(&r->list, &b->rule_list);
	b->nr_rules++;
	if (twin) {
		r->displaced = twin;
		twin->displaced_by = r;
	}
	return 0;

err_uninstall:
	vxfp_tc_uninstall(b, r);
err_restore:
	if (twin && vxfp_tc_install(b, twin, NULL))
		netdev_warn(b->dev, "cannot restore the flow of a tc rule\n");
err_free:
	kfree(r);
	return err;
}

static void vxfp_tc_destroy(struct vxfp_tc_binding *b, unsigned long cookie)
{
	struct vxfp_tc_rule *r;

	r = rhashtable_lookup_fast(&b->rules, &cookie, vxfp_tc_rule_params);
	if (!r)
		return;
	rhashtable_remove_fast(&b->rules, &r->node, vxfp_tc_rule_params);
	vxfp_tc_rule_free(b, r);
}

/* The counters since the last report: tc adds them up, across bindings. */
static void vxfp_tc_stats(struct vxfp_tc_binding *b, struct flow_cls_offload *f)
{
	unsigned long used;
	struct vxfp_tc_rule *r;
	u64 packets, bytes;

	r = rhashtable_lookup_fast(&b->rules, &f->cookie, vxfp_tc_rule_params);
	if (!r || !r->sw || !r->cookie || !r->hw_stats)
		return;
	if (vxfp_flow_read_stats(r->sw, r->cookie, &packets, &bytes, &used))
		return;
	vxfp_flow_stats_update(&f->stats, bytes - r->bytes,
			       packets - r->packets, 0, used, r->hw_stats);
	r->packets = packets;
	r->bytes = bytes;
}

static int vxfp_tc_block_cb(enum tc_setup_type type, void *type_data,
			    void *cb_priv)
{
	struct vxfp_tc_binding *b = cb_priv;
	struct flow_cls_offload *f = type_data;
	int err = 0;

	if (type != TC_SETUP_CLSFLOWER)
		return -EOPNOTSUPP;
	if (f->command == FLOW_CLS_REPLACE && !b->indirect &&
	    !tc_can_offload_extack(b->dev, f->common.extack))
		return -EOPNOTSUPP;

	mutex_lock(&vxfp_tc_lock);
	switch (f->command) {
	case FLOW_CLS_REPLACE:
		err = vxfp_tc_replace(b, f);
		break;
	case FLOW_CLS_DESTROY:
		vxfp_tc_destroy(b, f->cookie);
		break;
	case FLOW_CLS_STATS:
		vxfp_tc_stats(b, f);
		break;
	default:
		err = -EOPNOTSUPP;
		break;
	}
	mutex_unlock(&vxfp_tc_lock);
	return err;
}

/* --- bindings ------------------------------------------------------------- */

static struct vxfp_tc_binding *vxfp_tc_binding_new(struct net_device *dev,
						   struct vxfp_switch *sw,
						   u32 in_port, bool indirect)
{
	struct vxfp_tc_binding *b;

	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return NULL;
	if (rhashtable_init(&b->rules, &vxfp_tc_rule_params))
		goto err_free;
	if (rhashtable_init(&b->flows, &vxfp_tc_match_params))
		goto err_rules;
	b->dev = dev;
	b->sw = sw;
	b->in_port = in_port;
	b->indirect = indirect;
	INIT_LIST_HEAD(&b->rule_list);
	mutex_lock(&vxfp_tc_lock);
	list_add_tail(&b->list, &vxfp_tc_bindings);
	mutex_unlock(&vxfp_tc_lock);
	return b;

err_rules:
	rhashtable_destroy(&b->rules);
err_free:
	kfree(b);
	return NULL;
}

/*
 * The release of a binding's block callback: tc has played every rule's
 * destruction back to it first, so normally none is left.
 */
static void vxfp_tc_binding_release(void *cb_priv)
{
	struct vxfp_tc_binding *b = cb_priv;
	struct vxfp_tc_rule *r;

	mutex_lock(&vxfp_tc_lock);
	while ((r = list_first_entry_or_null(&b->rule_list,
					     struct vxfp_tc_rule, list))) {
		rhashtable_remove_fast(&b->rules, &r->node, vxfp_tc_rule_params);
		vxfp_tc_rule_free(b, r);
	}
	list_del(&b->list);
	mutex_unlock(&vxfp_tc_lock);
	rhashtable_destroy(&b->flows);
	rhashtable_destroy(&b->rules);
	kfree(b);
}

static int vxfp_tc_setup_block(struct net_device *dev, struct vxfp_switch *sw,
			       u32 in_port, struct flow_block_offload *bo)
{
	struct flow_block_cb *block_cb;
	struct vxfp_tc_binding *b;

	if (bo->binder_type != FLOW_BLOCK_BINDER_TYPE_CLSACT_INGRESS) {
		NL_SET_ERR_MSG_MOD(bo->extack, "only ingress blocks are offloaded");
		return -EOPNOTSUPP;
	}
	bo->driver_block_list = &vxfp_tc_block_cb_list;

	switch (bo->command) {
	case FLOW_BLOCK_BIND:
		if (flow_block_cb_is_busy(vxfp_tc_block_cb, dev,
					  &vxfp_tc_block_cb_list))
			return -EBUSY;
		b = vxfp_tc_binding_new(dev, sw, in_port, false);
		if (!b)
			return -ENOMEM;
		block_cb = flow_block_cb_alloc(vxfp_tc_block_cb, dev, b,
					       vxfp_tc_binding_release);
		if (IS_ERR(block_cb)) {
			vxfp_tc_binding_release(b);
			return PTR_ERR(block_cb);
		}
		flow_block_cb_add(block_cb, bo);
		list_add_tail(&block_cb->driver_list, &vxfp_tc_block_cb_list);
		return 0;
	case FLOW_BLOCK_UNBIND:
		block_cb = flow_block_cb_lookup(bo->block, vxfp_tc_block_cb, dev);
		if (!block_cb)
			return -ENOENT;
		flow_block_cb_remove(block_cb, bo);
		list_del(&block_cb->driver_list);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * vxfp_tc_setup - ndo_setup_tc of the representors and the PF
 * @dev: the representor or PF
 * @sw: its switch
 * @in_port: the in_port of what its ingress sees: its VF, or the uplink
 * @type: what to set up; only ingress blocks are
 * @type_data: the block offload
 *
 * Context: RTNL held.
 * Return: 0 or -errno.
 */
int vxfp_tc_setup(struct net_device *dev, struct vxfp_switch *sw, u32 in_port,
		  enum tc_setup_type type, void *type_data)
{
	ASSERT_RTNL();
	if (type != TC_SETUP_BLOCK)
		return -EOPNOTSUPP;
	return vxfp_tc_setup_block(dev, sw, in_port, type_data);
}

/**
 * vxfp_tc_set_features - ndo_set_features of the representors and the PF
 * @dev: the representor or PF
 * @features: what is asked for
 *
 * hw-tc-offload cannot go off while rules are offloaded from @dev.
 *
 * Context: RTNL held.
 * Return: 0 or -EBUSY.
 */
int vxfp_tc_set_features(struct net_device *dev, netdev_features_t features)
{
	struct vxfp_tc_binding *b;
	u32 n = 0;

	if (features & NETIF_F_HW_TC || !(dev->features & NETIF_F_HW_TC))
		return 0;
	mutex_lock(&vxfp_tc_lock);
	list_for_each_entry(b, &vxfp_tc_bindings, list)
		if (b->dev == dev && !b->indirect)
			n += b->nr_rules;
	mutex_unlock(&vxfp_tc_lock);
	if (n) {
		netdev_err(dev,
			   "%u tc rules are offloaded: hw-tc-offload stays on\n",
			   n);
		return -EBUSY;
	}
	return 0;
}

/* --- VXLAN netdevs: indirect blocks --------------------------------------- */

/* The binding of a VXLAN netdev by a switch's indirect callback. */
static struct vxfp_tc_binding *vxfp_tc_indr_binding(struct net_device *dev,
						    struct vxfp_switch *sw)
{
	struct vxfp_tc_binding *b;

	lockdep_assert_held(&vxfp_tc_lock);
	list_for_each_entry(b, &vxfp_tc_bindings, list)
		if (b->indirect && b->dev == dev && b->sw == sw)
			return b;
	return NULL;
}

/*
 * A switch's indirect callback (@cb_priv is the switch): every switch
 * binds every VXLAN netdev's ingress block, and takes the rules whose
 * local tunnel address its PF holds. The binding is the block callback's
 * identity, since the netdev is not: several switches bind it.
 */
static int vxfp_tc_indr_bind(VXFP_FLOW_INDR_BIND_CB_ARGS)
{
	struct flow_block_offload *bo = type_data;
	struct vxfp_switch *sw = cb_priv;
	struct flow_block_cb *block_cb;
	struct vxfp_tc_binding *b;

	if (type != TC_SETUP_BLOCK || !netif_is_vxlan(dev) ||
	    bo->binder_type != FLOW_BLOCK_BINDER_TYPE_CLSACT_INGRESS)
		return -EOPNOTSUPP;
	bo->driver_block_list = &vxfp_tc_indr_cb_list;

	switch (bo->command) {
	case FLOW_BLOCK_BIND:
		mutex_lock(&vxfp_tc_lock);
		b = vxfp_tc_indr_binding(dev, sw);
		mutex_unlock(&vxfp_tc_lock);
		if (b)
			return -EBUSY;
		b = vxfp_tc_binding_new(dev, sw, VXFP_FLOW_PORT_UPLINK, true);
		if (!b)
			return -ENOMEM;
		block_cb = vxfp_flow_indr_block_cb_alloc(vxfp_tc_block_cb, b, b,
							 vxfp_tc_binding_release,
							 bo, dev, sch, data,
							 cb_priv, cleanup);
		if (IS_ERR(block_cb)) {
			vxfp_tc_binding_release(b);
			return PTR_ERR(block_cb);
		}
		flow_block_cb_add(block_cb, bo);
		list_add_tail(&block_cb->driver_list, &vxfp_tc_indr_cb_list);
		return 0;
	case FLOW_BLOCK_UNBIND:
		mutex_lock(&vxfp_tc_lock);
		b = vxfp_tc_indr_binding(dev, sw);
		mutex_unlock(&vxfp_tc_lock);
		block_cb = b ? flow_block_cb_lookup(bo->block, vxfp_tc_block_cb, b) :
			       NULL;
		if (!block_cb)
			return -ENOENT;
		vxfp_flow_indr_block_cb_remove(block_cb, bo);
		list_del(&block_cb->driver_list);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/*
 * Each live switch has its indirect callback registered: registering
 * offers it the VXLAN netdevs' blocks bound from then on, and those bound
 * before (but not their rules: tc plays those back only to a callback
 * bound the usual way). Unregistering, when the switch is released,
 * unbinds its bindings, their rules first, so that tc no longer counts
 * them in hardware; the other switches' stay. Registering is done by a
 * work item, queued as PFs come, since vxfp_tc_indr_lock ranks above RTNL:
 * unregistering takes RTNL (in tc) to play the rules back.
 */
static DEFINE_MUTEX(vxfp_tc_indr_lock);

static void vxfp_tc_indr_work_fn(struct work_struct *work)
{
	struct vxfp_switch *sw;
	int err;

	mutex_lock(&vxfp_tc_indr_lock);
	for (;;) {
		struct vxfp_switch *todo = NULL;

		/* A switch on the list is not released before it is off it. */
		rtnl_lock();
		list_for_each_entry(sw, &vxfp_switches, list) {
			if (!sw->tc_indr) {
				todo = sw;
				break;
			}
		}
		rtnl_unlock();
		if (!todo)
			break;
		err = vxfp_flow_indr_dev_register(vxfp_tc_indr_bind, todo);
		if (err)
			pr_warn("%s: no tc offload on VXLAN devices: %d\n",
				todo->name, err);
		/* Not tried again on failure: the switch goes without. */
		todo->tc_indr = err ? VXFP_TC_INDR_FAILED : VXFP_TC_INDR_ON;
	}
	mutex_unlock(&vxfp_tc_indr_lock);
}

static DECLARE_WORK(vxfp_tc_indr_work, vxfp_tc_indr_work_fn);

/**
 * vxfp_tc_switch_has_uplink_rules - whether rules of the wire's side are
 *	offloaded to a switch
 * @sw: the switch
 *
 * Those are the rules of its PF's block and of VXLAN devices'; unlike a
 * representor's, they outlive switchdev mode.
 *
 * Return: true if one of them has a flow in @sw.
 */
bool vxfp_tc_switch_has_uplink_rules(struct vxfp_switch *sw)
{
	struct vxfp_tc_binding *b;
	struct vxfp_tc_rule *r;
	bool found = false;

	mutex_lock(&vxfp_tc_lock);
	list_for_each_entry(b, &vxfp_tc_bindings, list) {
		if (b->in_port != VXFP_FLOW_PORT_UPLINK)
			continue;
		list_for_each_entry(r, &b->rule_list, list) {
			if (r->sw == sw && r->cookie) {
				found = true;
				goto out;
			}
		}
	}
out:
	mutex_unlock(&vxfp_tc_lock);
	return found;
}

/**
 * vxfp_tc_switch_release - a switch's end, for tc
 * @sw: the switch, dead (off vxfp_switches)
 *
 * Unbinds the VXLAN netdevs its indirect callback bound, so that their
 * rules are no longer counted in hardware.
 *
 * Context: process, no RTNL.
 */
void vxfp_tc_switch_release(struct vxfp_switch *sw)
{
	mutex_lock(&vxfp_tc_indr_lock);
	if (sw->tc_indr == VXFP_TC_INDR_ON)
		vxfp_flow_indr_dev_unregister(vxfp_tc_indr_bind, sw,
					      vxfp_tc_binding_release);
	sw->tc_indr = VXFP_TC_INDR_OFF;
	mutex_unlock(&vxfp_tc_indr_lock);
}

/* A switch is gone: its flows went with it, its rules keep no pointer. */
static void vxfp_tc_switch_gone(struct vxfp_switch *sw)
{
	struct vxfp_tc_binding *b;
	struct vxfp_tc_rule *r;

	mutex_lock(&vxfp_tc_lock);
	list_for_each_entry(b, &vxfp_tc_bindings, list) {
		list_for_each_entry(r, &b->rule_list, list) {
			if (r->sw != sw)
				continue;
			vxfp_tc_forget(b, r);
			r->sw = NULL;
		}
	}
	mutex_unlock(&vxfp_tc_lock);
}

static int vxfp_tc_netdev_event(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct vxfp_switch *sw = vxfp_switch_from_pf(dev);

	if (!sw)
		return NOTIFY_DONE;
	switch (event) {
	case NETDEV_UNREGISTER:
		vxfp_tc_switch_gone(sw);
		break;
	case NETDEV_REGISTER:
		queue_work(system_wq, &vxfp_tc_indr_work);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block vxfp_tc_netdev_notifier = {
	.notifier_call = vxfp_tc_netdev_event,
};

/**
 * vxfp_tc_init - get ready for tc offload
 *
 * Before any switch can be made.
 *
 * Return: 0 or -errno.
 */
int __init vxfp_tc_init(void)
{
	return register_netdevice_notifier(&vxfp_tc_netdev_notifier);
}

/**
 * vxfp_tc_exit - the end of tc offload
 *
 * After every switch is gone and released, so every block bound with it,
 * directly or not.
 */
void vxfp_tc_exit(void)
{
	unregister_netdevice_notifier(&vxfp_tc_netdev_notifier);
	flush_work(&vxfp_tc_indr_work);
	WARN_ON(!list_empty(&vxfp_tc_bindings));
}

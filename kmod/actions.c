// SPDX-License-Identifier: GPL-2.0
/*
 * The actions of a flow: from the netlink attributes of enum
 * vxfp_action_attr to what the fast path runs (struct vxfp_actions), and
 * back for dumps. Everything the datapath would otherwise have to check
 * per packet is checked here, once, with a message saying what is wrong.
 */
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/slab.h>
#include <linux/vxfp.h>
#include <net/ipv6.h>
#include <net/netlink.h>

#include "actions.h"
#include "flow_key.h"
#include "switch.h"
#include "tunnel.h"

#define VXFP_VXLAN_PORT		4789

/**
 * vxfp_actions_free - free a flow's actions and what they hold
 * @actions: a struct vxfp_actions
 *
 * Context: any, BH may be disabled (an RCU callback); does not sleep.
 */
void vxfp_actions_free(void *actions)
{
	struct vxfp_actions *acts = actions;
	u32 i;

	if (!acts)
		return;
	for (i = 0; i < acts->count; i++)
		if (acts->acts[i].type == VXFP_ACT_A_ENCAP)
			vxfp_encap_put(acts->acts[i].encap.ent);
	if (acts->tun_port)
		vxfp_tun_port_put(acts->sw, acts->tun_port);
	kfree(acts);
}

static bool vxfp_key_is_ip(const struct vxfp_flow_key *key,
			   const struct vxfp_flow_key *mask)
{
	return mask->eth.type == htons(0xffff) &&
	       (key->eth.type == htons(ETH_P_IP) ||
		key->eth.type == htons(ETH_P_IPV6));
}

static bool vxfp_key_is_proto(const struct vxfp_flow_key *key,
			      const struct vxfp_flow_key *mask, u8 proto)
{
	return vxfp_key_is_ip(key, mask) && mask->ip.proto == 0xff &&
	       key->ip.proto == proto;
}

static bool vxfp_port_ok(const struct vxfp_switch *sw, u32 p)
{
	return p == VXFP_PORT_ID_UPLINK || p == VXFP_PORT_ID_PF ||
	       p < sw->num_vfs ||
	       ((p & ~0xffffU) == VXFP_PORT_ID_REP(0) &&
		(p & 0xffff) < sw->num_vfs);
}

/*
 * A netdev of the switch's namespace as an output (VXFP_PORT_ID_HOST): an
 * Ethernet one, there when the flow is installed. It is looked up by its
 * ifindex for each packet, and holds no reference: one that goes away
 * takes the packets with it (dropped, link_down) until the flow goes too.
 */
static int vxfp_host_port_check(const struct vxfp_switch *sw, u32 p,
				struct netlink_ext_ack *extack)
{
	const struct net_device *dev;
	int err = 0;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(read_pnet(&sw->net),
				   VXFP_PORT_ID_IFINDEX(p));
	if (!dev) {
		NL_SET_ERR_MSG_MOD(extack,
				   "No such netdev in the switch's network namespace");
		err = -ENODEV;
	} else if (dev->type != ARPHRD_ETHER) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Only an Ethernet netdev can take the packets");
		err = -EOPNOTSUPP;
	}
	rcu_read_unlock();
	return err;
}

struct netlink_range_validation vxfp_vni_range = {
	.max = 0xffffff,
};

static const struct nla_policy vxfp_encap_policy[VXFP_ENCAP_A_MAX + 1] = {
	[VXFP_ENCAP_A_ID]	= NLA_POLICY_FULL_RANGE(NLA_U32, &vxfp_vni_range),
	[VXFP_ENCAP_A_IPV4_SRC]	= NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VXFP_ENCAP_A_IPV4_DST]	= NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VXFP_ENCAP_A_IPV6_SRC]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[VXFP_ENCAP_A_IPV6_DST]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[VXFP_ENCAP_A_DST_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[VXFP_ENCAP_A_TOS]	= { .type = NLA_U8 },
	[VXFP_ENCAP_A_TTL]	= { .type = NLA_U8 },
	[VXFP_ENCAP_A_CSUM]	= NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy vxfp_vlan_policy[VXFP_VLAN_A_MAX + 1] = {
	[VXFP_VLAN_A_ID]	= NLA_POLICY_RANGE(NLA_U16, 1, VLAN_VID_MASK - 1),
	[VXFP_VLAN_A_PRIO]	= NLA_POLICY_MAX(NLA_U8, 7),
	[VXFP_VLAN_A_TPID]	= { .type = NLA_U16 },
};

static const struct nla_policy vxfp_mangle_policy[VXFP_MANGLE_A_MAX + 1] = {
	[VXFP_MANGLE_A_HDR]	= NLA_POLICY_MAX(NLA_U8, VXFP_MANGLE_UDP),
	[VXFP_MANGLE_A_OFFSET]	= NLA_POLICY_MAX(NLA_U32, 36),
	[VXFP_MANGLE_A_MASK]	= NLA_POLICY_MIN(NLA_U32, 1),
	[VXFP_MANGLE_A_VALUE]	= { .type = NLA_U32 },
};

const struct nla_policy vxfp_action_policy[VXFP_ACT_A_MAX + 1] = {
	[VXFP_ACT_A_OUTPUT]	= { .type = NLA_U32 },
	[VXFP_ACT_A_DROP]	= { .type = NLA_FLAG },
	[VXFP_ACT_A_TRAP]	= { .type = NLA_FLAG },
	[VXFP_ACT_A_ENCAP]	= NLA_POLICY_NESTED(vxfp_encap_policy),
	[VXFP_ACT_A_DECAP]	= { .type = NLA_FLAG },
	[VXFP_ACT_A_VLAN_PUSH]	= NLA_POLICY_NESTED(vxfp_vlan_policy),
	[VXFP_ACT_A_VLAN_POP]	= { .type = NLA_FLAG },
	[VXFP_ACT_A_VLAN_MODIFY] = NLA_POLICY_NESTED(vxfp_vlan_policy),
	[VXFP_ACT_A_SET_ETH_SRC] = NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VXFP_ACT_A_SET_ETH_DST] = NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VXFP_ACT_A_DEC_TTL]	= { .type = NLA_FLAG },
	[VXFP_ACT_A_SET_TTL]	= { .type = NLA_U8 },
	[VXFP_ACT_A_SET_DSCP]	= NLA_POLICY_MAX(NLA_U8, 63),
	[VXFP_ACT_A_MANGLE]	= NLA_POLICY_NESTED(vxfp_mangle_policy),
	[VXFP_ACT_A_GOTO_CHAIN]	= NLA_POLICY_MIN(NLA_U32, 1),
};

/**
 * vxfp_actions_encap - fill an encapsulation action
 * @sw: the switch
 * @e: the action's part to fill
 * @family: AF_INET or AF_INET6, of @src and @dst
 * @src: outer source, or the unspecified address for the route's
 * @dst: outer destination, unicast
 * @tos: outer TOS or traffic class
 * @vni: the VNI, 24 bits
 * @dst_port: outer UDP destination port
 * @ttl: outer TTL or hop limit, 0 for the route's
 * @csum: whether the outer UDP checksum is set
 * @extack: where to say why not
 *
 * Takes a reference on the tunnel endpoint's cache entry, which
 * vxfp_actions_free() gives back.
 *
 * Context: process, may sleep.
 * Return: 0 or -errno.
 */
int vxfp_actions_encap(struct vxfp_switch *sw, struct vxfp_act_encap *e,
		       u8 family, const union vxfp_tun_addr *src,
		       const union vxfp_tun_addr *dst, u8 tos, u32 vni,
		       __be16 dst_port, u8 ttl, bool csum,
		       struct netlink_ext_ack *extack)
{
	if (vni > 0xffffff) {
		NL_SET_ERR_MSG_MOD(extack, "A VNI has 24 bits");
		return -EINVAL;
	}
	if (!dst_port) {
		NL_SET_ERR_MSG_MOD(extack, "Tunnel destination port 0");
		return -EINVAL;
	}
	e->vni = cpu_to_be32(vni << 8);
	e->dst_port = dst_port;
	e->ttl = ttl;
	e->csum = csum;
	e->ent = vxfp_encap_get(sw, family, src, dst, tos, extack);
	if (IS_ERR(e->ent)) {
		int err = PTR_ERR(e->ent);

		e->ent = NULL;
		return err;
	}
	return 0;
}

static int vxfp_act_encap(struct vxfp_switch *sw, const struct nlattr *attr,
			  struct vxfp_act_encap *e,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VXFP_ENCAP_A_MAX + 1];
	union vxfp_tun_addr src = {}, dst = {};
	u8 family, tos = 0;
	int err;

	err = nla_parse_nested(tb, VXFP_ENCAP_A_MAX, attr, vxfp_encap_policy,
			       extack);
	if (err)
		return err;
	if (!tb[VXFP_ENCAP_A_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Encapsulation needs a VNI");
		return -EINVAL;
	}
	if (!!tb[VXFP_ENCAP_A_IPV4_DST] == !!tb[VXFP_ENCAP_A_IPV6_DST]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Encapsulation needs one destination, IPv4 or IPv6");
		return -EINVAL;
	}
	if (tb[VXFP_ENCAP_A_IPV4_DST]) {
		family = AF_INET;
		if (tb[VXFP_ENCAP_A_IPV6_SRC]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VXFP_ENCAP_A_IPV6_SRC],
					    "Source and destination of different families");
			return -EINVAL;
		}
		dst.ip4 = nla_get_in_addr(tb[VXFP_ENCAP_A_IPV4_DST]);
		if (tb[VXFP_ENCAP_A_IPV4_SRC])
			src.ip4 = nla_get_in_addr(tb[VXFP_ENCAP_A_IPV4_SRC]);
		if (ipv4_is_multicast(dst.ip4) || ipv4_is_zeronet(dst.ip4) ||
		    ipv4_is_lbcast(dst.ip4)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VXFP_ENCAP_A_IPV4_DST],
					    "Tunnel destination must be a unicast address");
			return -EINVAL;
		}
	} else {
		family = AF_INET6;
		if (!IS_ENABLED(CONFIG_IPV6)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VXFP_ENCAP_A_IPV6_DST],
					    "IPv6 is not enabled in this kernel");
			return -EOPNOTSUPP;
		}
		if (tb[VXFP_ENCAP_A_IPV4_SRC]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VXFP_ENCAP_A_IPV4_SRC],
					    "Source and destination of different families");
			return -EINVAL;
		}
		dst.ip6 = nla_get_in6_addr(tb[VXFP_ENCAP_A_IPV6_DST]);
		if (tb[VXFP_ENCAP_A_IPV6_SRC])
			src.ip6 = nla_get_in6_addr(tb[VXFP_ENCAP_A_IPV6_SRC]);
		if (ipv6_addr_any(&dst.ip6) ||
		    ipv6_addr_is_multicast(&dst.ip6)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VXFP_ENCAP_A_IPV6_DST],
					    "Tunnel destination must be a unicast address");
			return -EINVAL;
		}
	}
	if (tb[VXFP_ENCAP_A_TOS])
		tos = nla_get_u8(tb[VXFP_ENCAP_A_TOS]);
	return vxfp_actions_encap(sw, e, family, &src, &dst, tos,
				  nla_get_u32(tb[VXFP_ENCAP_A_ID]),
				  htons(tb[VXFP_ENCAP_A_DST_PORT] ?
					nla_get_u16(tb[VXFP_ENCAP_A_DST_PORT]) :
					VXFP_VXLAN_PORT),
				  tb[VXFP_ENCAP_A_TTL] ?
				  nla_get_u8(tb[VXFP_ENCAP_A_TTL]) : 0,
				  tb[VXFP_ENCAP_A_CSUM] ?
				  nla_get_u8(tb[VXFP_ENCAP_A_CSUM]) : true,
				  extack);
}

static int vxfp_act_vlan(const struct nlattr *attr, struct vxfp_action *a,
			 bool push, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VXFP_VLAN_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, VXFP_VLAN_A_MAX, attr, vxfp_vlan_policy,
			       extack);
	if (err)
		return err;
	if (push) {
		if (!tb[VXFP_VLAN_A_ID]) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "VLAN push needs a VLAN id");
			return -EINVAL;
		}
		a->vlan.tpid = htons(ETH_P_8021Q);
		if (tb[VXFP_VLAN_A_TPID]) {
			u16 tpid = nla_get_u16(tb[VXFP_VLAN_A_TPID]);

			if (tpid != ETH_P_8021Q && tpid != ETH_P_8021AD) {
				NL_SET_ERR_MSG_ATTR(extack, tb[VXFP_VLAN_A_TPID],
						    "VLAN protocol must be 802.1Q or 802.1ad");
				return -EINVAL;
			}
			a->vlan.tpid = htons(tpid);
		}
	} else {
		if (tb[VXFP_VLAN_A_TPID]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[VXFP_VLAN_A_TPID],
					    "VLAN modify cannot change the protocol");
			return -EINVAL;
		}
		if (!tb[VXFP_VLAN_A_ID] && !tb[VXFP_VLAN_A_PRIO]) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "VLAN modify needs an id or a priority");
			return -EINVAL;
		}
	}
	if (tb[VXFP_VLAN_A_ID]) {
		a->vlan.tci |= nla_get_u16(tb[VXFP_VLAN_A_ID]);
		a->vlan.tci_mask |= VLAN_VID_MASK;
	}
	if (tb[VXFP_VLAN_A_PRIO] || push) {
		a->vlan.tci |= (tb[VXFP_VLAN_A_PRIO] ?
				nla_get_u8(tb[VXFP_VLAN_A_PRIO]) : 0) <<
			       VLAN_PRIO_SHIFT;
		a->vlan.tci_mask |= VLAN_PRIO_MASK;
	}
	return 0;
}

/* Bits of each word of a header a mangle may write, by offset / 4. */
static const u32 vxfp_mangle_ip4[] = {
	0x00ff0000,	/* tos */
	0,		/* id, fragment */
	0xff000000,	/* ttl, not protocol nor checksum */
	0xffffffff,	/* source */
	0xffffffff,	/* destination */
};

static const u32 vxfp_mangle_ip6[] = {
	0x0fffffff,	/* traffic class, flow label */
	0x000000ff,	/* hop limit, not length nor next header */
	0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,	/* source */
	0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,	/* destination */
};

static int vxfp_act_mangle(const struct nlattr *attr, struct vxfp_action *a,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VXFP_MANGLE_A_MAX + 1];
	u32 off, bits, val;
	int err;

	err = nla_parse_nested(tb, VXFP_MANGLE_A_MAX, attr,
			       vxfp_mangle_policy, extack);
	if (err)
		return err;
	if (!tb[VXFP_MANGLE_A_HDR] || !tb[VXFP_MANGLE_A_OFFSET] ||
	    !tb[VXFP_MANGLE_A_MASK] || !tb[VXFP_MANGLE_A_VALUE]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Header rewrite needs a header, offset, mask and value");
		return -EINVAL;
	}
	off = nla_get_u32(tb[VXFP_MANGLE_A_OFFSET]);
	bits = nla_get_u32(tb[VXFP_MANGLE_A_MASK]);
	val = nla_get_u32(tb[VXFP_MANGLE_A_VALUE]);
	if (val & ~bits) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VXFP_MANGLE_A_VALUE],
				    "Header rewrite value has bits outside its mask");
		return -EINVAL;
	}
	a->mangle.hdr = nla_get_u8(tb[VXFP_MANGLE_A_HDR]);
	a->mangle.off = off;
	a->mangle.mask = htonl(bits);
	a->mangle.val = htonl(val);
	return 0;
}

/* Whether a header rewrite is one the fast path does, for this flow. */
static int vxfp_act_check_mangle(const struct vxfp_action *a,
				 const struct vxfp_flow_key *key,
				 const struct vxfp_flow_key *mask,
				 struct netlink_ext_ack *extack)
{
	u32 off = a->mangle.off, bits = ntohl(a->mangle.mask), allowed;

	if (off % 4) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Header rewrite offset must be a multiple of 4");
		return -EINVAL;
	}
	switch (a->mangle.hdr) {
	case VXFP_MANGLE_ETH:
		allowed = off < 12 ? 0xffffffff : 0;
		break;
	case VXFP_MANGLE_IP4:
		allowed = off / 4 < ARRAY_SIZE(vxfp_mangle_ip4) ?
			  vxfp_mangle_ip4[off / 4] : 0;
		if (mask->eth.type != htons(0xffff) ||
		    key->eth.type != htons(ETH_P_IP)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "IPv4 header rewrite needs an IPv4 match");
			return -EINVAL;
		}
		break;
	case VXFP_MANGLE_IP6:
		allowed = off / 4 < ARRAY_SIZE(vxfp_mangle_ip6) ?
			  vxfp_mangle_ip6[off / 4] : 0;
		if (mask->eth.type != htons(0xffff) ||
		    key->eth.type != htons(ETH_P_IPV6)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "IPv6 header rewrite needs an IPv6 match");
			return -EINVAL;
		}
		break;
	case VXFP_MANGLE_TCP:
		allowed = off ? 0 : 0xffffffff;
		if (!vxfp_key_is_proto(key, mask, IPPROTO_TCP)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "TCP header rewrite needs a TCP match");
			return -EINVAL;
		}
		break;
	case VXFP_MANGLE_UDP:
		allowed = off ? 0 : 0xffffffff;
		if (!vxfp_key_is_proto(key, mask, IPPROTO_UDP)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "UDP header rewrite needs a UDP match");
			return -EINVAL;
		}
		break;
	default:
		NL_SET_ERR_MSG_MOD(extack, "Header rewrite of an unknown header");
		return -EOPNOTSUPP;
	}
	if (bits & ~allowed) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Header rewrite of a field that cannot be rewritten");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int vxfp_act_parse(struct vxfp_switch *sw, const struct nlattr *attr,
			  struct vxfp_action *a, struct netlink_ext_ack *extack)
{
	a->type = nla_type(attr);
	switch (a->type) {
	case VXFP_ACT_A_OUTPUT:
		a->port = nla_get_u32(attr);
		return 0;
	case VXFP_ACT_A_DROP:
	case VXFP_ACT_A_TRAP:
	case VXFP_ACT_A_VLAN_POP:
	case VXFP_ACT_A_DECAP:
	case VXFP_ACT_A_DEC_TTL:
		return 0;
	case VXFP_ACT_A_ENCAP:
		return vxfp_act_encap(sw, attr, &a->encap, extack);
	case VXFP_ACT_A_VLAN_PUSH:
		return vxfp_act_vlan(attr, a, true, extack);
	case VXFP_ACT_A_VLAN_MODIFY:
		return vxfp_act_vlan(attr, a, false, extack);
	case VXFP_ACT_A_SET_ETH_SRC:
	case VXFP_ACT_A_SET_ETH_DST:
		nla_memcpy(a->mac, attr, ETH_ALEN);
		return 0;
	case VXFP_ACT_A_SET_TTL:
		a->ttl = nla_get_u8(attr);
		return 0;
	case VXFP_ACT_A_SET_DSCP:
		a->dscp = nla_get_u8(attr);
		return 0;
	case VXFP_ACT_A_MANGLE:
		return vxfp_act_mangle(attr, a, extack);
	case VXFP_ACT_A_GOTO_CHAIN:
		a->chain = nla_get_u32(attr);
		return 0;
	}
	NL_SET_ERR_MSG_ATTR(extack, attr, "Unknown action");
	return -EOPNOTSUPP;
}

/* What an action needs of the flow's match and of the switch. */
static int vxfp_act_check(const struct vxfp_switch *sw,
			  const struct vxfp_action *a,
			  const struct vxfp_flow_key *key,
			  const struct vxfp_flow_key *mask,
			  struct netlink_ext_ack *extack)
{
	switch (a->type) {
	case VXFP_ACT_A_OUTPUT:
		if (VXFP_PORT_ID_IS_HOST(a->port))
			return vxfp_host_port_check(sw, a->port, extack);
		if (!vxfp_port_ok(sw, a->port)) {
			NL_SET_ERR_MSG_MOD(extack, "No such port in the switch");
			return -ENODEV;
		}
		return 0;
	case VXFP_ACT_A_DECAP:
		if (!mask->tun.tp_dst) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Decapsulation needs a tunnel match (enc_dst_port)");
			return -EINVAL;
		}
		return 0;
	case VXFP_ACT_A_DEC_TTL:
	case VXFP_ACT_A_SET_TTL:
	case VXFP_ACT_A_SET_DSCP:
		if (!vxfp_key_is_ip(key, mask)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "IP header rewrite needs an IPv4 or IPv6 match");
			return -EINVAL;
		}
		if (a->type == VXFP_ACT_A_SET_DSCP && a->dscp > 63) {
			NL_SET_ERR_MSG_MOD(extack, "A DSCP has 6 bits");
			return -EINVAL;
		}
		return 0;
	case VXFP_ACT_A_MANGLE:
		return vxfp_act_check_mangle(a, key, mask, extack);
	case VXFP_ACT_A_GOTO_CHAIN:
		if (a->chain <= (mask->chain ? key->chain : 0)) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Goto chain must go to a higher chain");
			return -EINVAL;
		}
		return 0;
	}
	return 0;
}

/**
 * vxfp_actions_finish - check a flow's actions, and take what they need
 * @acts: the actions, every one filled
 * @key: the flow's key, masked
 * @mask: the flow's mask
 * @extack: where to say what is wrong
 *
 * Checks each action against the switch and the flow's match, and what
 * may follow what; takes a reference on the VXLAN port a decapsulation
 * flow matches, which vxfp_actions_free() gives back.
 *
 * Context: process, may sleep.
 * Return: 0 or -errno; @acts is still the caller's to free either way.
 */
int vxfp_actions_finish(struct vxfp_actions *acts,
			const struct vxfp_flow_key *key,
			const struct vxfp_flow_key *mask,
			struct netlink_ext_ack *extack)
{
	bool encap = false, decap = false;
	int err;
	u32 i;

	if (!acts->count) {
		NL_SET_ERR_MSG_MOD(extack, "A flow needs actions");
		return -EINVAL;
	}
	for (i = 0; i < acts->count; i++) {
		const struct vxfp_action *a = &acts->acts[i];
		bool last = i == acts->count - 1;

		err = vxfp_act_check(acts->sw, a, key, mask, extack);
		if (err)
			return err;
		switch (a->type) {
		case VXFP_ACT_A_DROP:
		case VXFP_ACT_A_TRAP:
		case VXFP_ACT_A_GOTO_CHAIN:
			if (!last) {
				NL_SET_ERR_MSG_MOD(extack,
						   "Drop, trap and goto chain must be the last action");
				return -EINVAL;
			}
			break;
		case VXFP_ACT_A_ENCAP:
			encap = true;
			break;
		case VXFP_ACT_A_DECAP:
			if (decap) {
				NL_SET_ERR_MSG_MOD(extack,
						   "Only one decapsulation per flow");
				return -EINVAL;
			}
			decap = true;
			break;
		case VXFP_ACT_A_OUTPUT:
			if (encap && a->port != VXFP_PORT_ID_UPLINK) {
				NL_SET_ERR_MSG_MOD(extack,
						   "Encapsulated packets can only go out of the uplink");
				return -EINVAL;
			}
			break;
		}
	}
	if (mask->tun.tp_dst) {
		err = vxfp_tun_port_get(acts->sw, key->tun.tp_dst, extack);
		if (err)
			return err;
		acts->tun_port = key->tun.tp_dst;
	}
	return 0;
}

/**
 * vxfp_actions_alloc - room for a flow's actions
 * @sw: the switch
 * @n: how many, at most %VXFP_FLOW_MAX_ACTIONS
 *
 * The caller fills them in order, counting each in ->count as soon as
 * it holds something vxfp_actions_free() must give back.
 *
 * Return: the actions, none filled yet, or NULL.
 */
struct vxfp_actions *vxfp_actions_alloc(struct vxfp_switch *sw, unsigned int n)
{
	struct vxfp_actions *acts;

	if (WARN_ON_ONCE(n > VXFP_FLOW_MAX_ACTIONS))
		return NULL;
	acts = kzalloc(struct_size(acts, acts, n), GFP_KERNEL);
	if (acts)
		acts->sw = sw;
	return acts;
}

/**
 * vxfp_actions_parse - the actions of a flow, from netlink
 * @sw: the switch the flow is for
 * @attr: %VXFP_FLOW_A_ACTIONS, validated against vxfp_action_policy
 * @key: the flow's key, masked
 * @mask: the flow's mask
 * @extack: where to say what is wrong
 *
 * Takes what the actions need: tunnel endpoints, and the VXLAN port of a
 * decapsulation flow; vxfp_actions_free() gives them back.
 *
 * Context: process, may sleep.
 * Return: the actions, or an ERR_PTR().
 */
struct vxfp_actions *vxfp_actions_parse(struct vxfp_switch *sw,
					const struct nlattr *attr,
					const struct vxfp_flow_key *key,
					const struct vxfp_flow_key *mask,
					struct netlink_ext_ack *extack)
{
	struct vxfp_actions *acts;
	const struct nlattr *a;
	int n = 0, rem, err;

	nla_for_each_nested(a, attr, rem)
		n++;
	if (!n) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "A flow needs actions");
		return ERR_PTR(-EINVAL);
	}
	if (n > VXFP_FLOW_MAX_ACTIONS) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Too many actions");
		return ERR_PTR(-E2BIG);
	}
	acts = vxfp_actions_alloc(sw, n);
	if (!acts)
		return ERR_PTR(-ENOMEM);
	nla_for_each_nested(a, attr, rem) {
		struct vxfp_action *act = &acts->acts[acts->count];

		err = vxfp_act_parse(sw, a, act, extack);
		if (err) {
			if (extack && !extack->bad_attr)
				NL_SET_BAD_ATTR(extack, a);
			goto err_free;
		}
		acts->count++;
	}
	err = vxfp_actions_finish(acts, key, mask, extack);
	if (err) {
		if (extack && !extack->bad_attr)
			NL_SET_BAD_ATTR(extack, attr);
		goto err_free;
	}
	return acts;

err_free:
	vxfp_actions_free(acts);
	return ERR_PTR(err);
}

static int vxfp_act_fill_vlan(struct sk_buff *msg, const struct vxfp_action *a)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, a->type);
	if (!nest)
		return -EMSGSIZE;
	if ((a->vlan.tci_mask & VLAN_VID_MASK &&
	     nla_put_u16(msg, VXFP_VLAN_A_ID, a->vlan.tci & VLAN_VID_MASK)) ||
	    (a->vlan.tci_mask & VLAN_PRIO_MASK &&
	     nla_put_u8(msg, VXFP_VLAN_A_PRIO,
			(a->vlan.tci & VLAN_PRIO_MASK) >> VLAN_PRIO_SHIFT)) ||
	    (a->type == VXFP_ACT_A_VLAN_PUSH &&
	     nla_put_u16(msg, VXFP_VLAN_A_TPID, ntohs(a->vlan.tpid)))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int vxfp_act_fill_mangle(struct sk_buff *msg,
				const struct vxfp_action *a)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, a->type);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(msg, VXFP_MANGLE_A_HDR, a->mangle.hdr) ||
	    nla_put_u32(msg, VXFP_MANGLE_A_OFFSET, a->mangle.off) ||
	    nla_put_u32(msg, VXFP_MANGLE_A_MASK, ntohl(a->mangle.mask)) ||
	    nla_put_u32(msg, VXFP_MANGLE_A_VALUE, ntohl(a->mangle.val))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int vxfp_act_fill(struct sk_buff *msg, const struct vxfp_action *a)
{
	switch (a->type) {
	case VXFP_ACT_A_OUTPUT:
		return nla_put_u32(msg, a->type, a->port);
	case VXFP_ACT_A_GOTO_CHAIN:
		return nla_put_u32(msg, a->type, a->chain);
	case VXFP_ACT_A_SET_ETH_SRC:
	case VXFP_ACT_A_SET_ETH_DST:
		return nla_put(msg, a->type, ETH_ALEN, a->mac);
	case VXFP_ACT_A_SET_TTL:
		return nla_put_u8(msg, a->type, a->ttl);
	case VXFP_ACT_A_SET_DSCP:
		return nla_put_u8(msg, a->type, a->dscp);
	case VXFP_ACT_A_VLAN_PUSH:
	case VXFP_ACT_A_VLAN_MODIFY:
		return vxfp_act_fill_vlan(msg, a);
	case VXFP_ACT_A_MANGLE:
		return vxfp_act_fill_mangle(msg, a);
	case VXFP_ACT_A_ENCAP:
		return vxfp_encap_fill(msg, &a->encap);
	default:
		return nla_put_flag(msg, a->type);
	}
}

/**
 * vxfp_actions_fill - put a flow's actions in a message
 * @msg: the message
 * @acts: the actions
 *
 * Return: 0 or -EMSGSIZE.
 */
int vxfp_actions_fill(struct sk_buff *msg, const struct vxfp_actions *acts)
{
	struct nlattr *nest;
	u32 i;

	nest = nla_nest_start(msg, VXFP_FLOW_A_ACTIONS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < acts->count; i++) {
		if (vxfp_act_fill(msg, &acts->acts[i])) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The flows of a switch's fast path over generic netlink: keys and masks
 * from and to enum vxfp_key_attr, and the VXFP_CMD_FLOW_* commands.
 *
 * A request finds its switch under RTNL and holds the switch's device
 * while it works on the flow table, whose own lock serialises updates;
 * RTNL is not held meanwhile, so that installing many flows does not stall
 * the rest of the networking stack.
 */
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/jiffies.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/vxfp.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "actions.h"
#include "compat.h"
#include "fastpath.h"
#include "flow.h"
#include "flow_key.h"
#include "flow_table.h"
#include "netlink.h"
#include "switch.h"

/* --- keys ------------------------------------------------------------------ */

const struct nla_policy vxfp_key_policy[VXFP_KEY_A_MAX + 1] = {
	[VXFP_KEY_A_IN_PORT]	= { .type = NLA_U32 },
	[VXFP_KEY_A_CHAIN]	= { .type = NLA_U32 },
	[VXFP_KEY_A_ETH_DST]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VXFP_KEY_A_ETH_SRC]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VXFP_KEY_A_ETH_TYPE]	= { .type = NLA_U16 },
	[VXFP_KEY_A_VLAN_ID]	= NLA_POLICY_MAX(NLA_U16, VLAN_VID_MASK),
	[VXFP_KEY_A_VLAN_PRIO]	= NLA_POLICY_MAX(NLA_U8, 7),
	[VXFP_KEY_A_VLAN_TPID]	= { .type = NLA_U16 },
	[VXFP_KEY_A_CVLAN_ID]	= NLA_POLICY_MAX(NLA_U16, VLAN_VID_MASK),
	[VXFP_KEY_A_CVLAN_PRIO]	= NLA_POLICY_MAX(NLA_U8, 7),
	[VXFP_KEY_A_IP_PROTO]	= { .type = NLA_U8 },
	[VXFP_KEY_A_IP_TOS]	= { .type = NLA_U8 },
	[VXFP_KEY_A_IP_TTL]	= { .type = NLA_U8 },
	[VXFP_KEY_A_IP_FRAG]	= NLA_POLICY_MAX(NLA_U8, VXFP_FRAG_IS |
						 VXFP_FRAG_LATER),
	[VXFP_KEY_A_IPV4_SRC]	= NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VXFP_KEY_A_IPV4_DST]	= NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VXFP_KEY_A_IPV6_SRC]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[VXFP_KEY_A_IPV6_DST]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[VXFP_KEY_A_TP_SRC]	= { .type = NLA_U16 },
	[VXFP_KEY_A_TP_DST]	= { .type = NLA_U16 },
	[VXFP_KEY_A_TCP_FLAGS]	= NLA_POLICY_MAX(NLA_U16, 0x0fff),
	[VXFP_KEY_A_ICMP_TYPE]	= { .type = NLA_U8 },
	[VXFP_KEY_A_ICMP_CODE]	= { .type = NLA_U8 },
	[VXFP_KEY_A_ARP_OP]	= { .type = NLA_U16 },
	[VXFP_KEY_A_ARP_SIP]	= NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VXFP_KEY_A_ARP_TIP]	= NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VXFP_KEY_A_ARP_SHA]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VXFP_KEY_A_ARP_THA]	= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VXFP_KEY_A_TUN_ID]	= NLA_POLICY_FULL_RANGE(NLA_U32, &vxfp_vni_range),
	[VXFP_KEY_A_TUN_IPV4_SRC] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VXFP_KEY_A_TUN_IPV4_DST] = NLA_POLICY_EXACT_LEN(sizeof(__be32)),
	[VXFP_KEY_A_TUN_IPV6_SRC] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[VXFP_KEY_A_TUN_IPV6_DST] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[VXFP_KEY_A_TUN_DST_PORT] = { .type = NLA_U16 },
	[VXFP_KEY_A_TUN_TOS]	= { .type = NLA_U8 },
	[VXFP_KEY_A_TUN_TTL]	= { .type = NLA_U8 },
};

/* How an attribute's value sits in struct vxfp_flow_key. */
enum vxfp_kf_kind {
	VXFP_KF_NONE,
	VXFP_KF_RAW,	/* bytes, as they are */
	VXFP_KF_U8,
	VXFP_KF_U32,
	VXFP_KF_BE16,	/* u16 attribute, __be16 field */
	VXFP_KF_VID,	/* u16 attribute, id bits of a __be16 TCI */
	VXFP_KF_PRIO,	/* u8 attribute, priority bits of a __be16 TCI */
};

/* Which part of the key an attribute needs the packet to have. */
enum vxfp_kf_layer {
	VXFP_KF_ANY,
	VXFP_KF_IP,	/* IPv4 or IPv6 */
	VXFP_KF_IPV4,
	VXFP_KF_IPV6,
	VXFP_KF_ARP,
	VXFP_KF_PORTS,	/* TCP, UDP or SCTP */
	VXFP_KF_TCP,
	VXFP_KF_ICMP,
	VXFP_KF_TUN,
	VXFP_KF_TUN4,
	VXFP_KF_TUN6,
};

struct vxfp_key_field {
	u8 off;
	u8 len;
	u8 kind;
	u8 layer;
};

#define VXFP_KF(field, len, kind, layer) \
	{ offsetof(struct vxfp_flow_key, field), len, kind, layer }

static const struct vxfp_key_field vxfp_key_fields[VXFP_KEY_A_MAX + 1] = {
	[VXFP_KEY_A_IN_PORT]	= VXFP_KF(in_port, 4, VXFP_KF_U32, VXFP_KF_ANY),
	[VXFP_KEY_A_CHAIN]	= VXFP_KF(chain, 4, VXFP_KF_U32, VXFP_KF_ANY),
	[VXFP_KEY_A_ETH_DST]	= VXFP_KF(eth.dst, ETH_ALEN, VXFP_KF_RAW, VXFP_KF_ANY),
	[VXFP_KEY_A_ETH_SRC]	= VXFP_KF(eth.src, ETH_ALEN, VXFP_KF_RAW, VXFP_KF_ANY),
	[VXFP_KEY_A_ETH_TYPE]	= VXFP_KF(eth.type, 2, VXFP_KF_BE16, VXFP_KF_ANY),
	[VXFP_KEY_A_VLAN_ID]	= VXFP_KF(eth.vlan_tci, 2, VXFP_KF_VID, VXFP_KF_ANY),
	[VXFP_KEY_A_VLAN_PRIO]	= VXFP_KF(eth.vlan_tci, 2, VXFP_KF_PRIO, VXFP_KF_ANY),
	[VXFP_KEY_A_VLAN_TPID]	= VXFP_KF(eth.vlan_tpid, 2, VXFP_KF_BE16, VXFP_KF_ANY),
	[VXFP_KEY_A_CVLAN_ID]	= VXFP_KF(eth.cvlan_tci, 2, VXFP_KF_VID, VXFP_KF_ANY),
	[VXFP_KEY_A_CVLAN_PRIO]	= VXFP_KF(eth.cvlan_tci, 2, VXFP_KF_PRIO, VXFP_KF_ANY),
	[VXFP_KEY_A_IP_PROTO]	= VXFP_KF(ip.proto, 1, VXFP_KF_U8, VXFP_KF_IP),
	[VXFP_KEY_A_IP_TOS]	= VXFP_KF(ip.tos, 1, VXFP_KF_U8, VXFP_KF_IP),
	[VXFP_KEY_A_IP_TTL]	= VXFP_KF(ip.ttl, 1, VXFP_KF_U8, VXFP_KF_IP),
	[VXFP_KEY_A_IP_FRAG]	= VXFP_KF(ip.frag, 1, VXFP_KF_U8, VXFP_KF_IP),
	[VXFP_KEY_A_IPV4_SRC]	= VXFP_KF(ip.ipv4.src, 4, VXFP_KF_RAW, VXFP_KF_IPV4),
	[VXFP_KEY_A_IPV4_DST]	= VXFP_KF(ip.ipv4.dst, 4, VXFP_KF_RAW, VXFP_KF_IPV4),
	[VXFP_KEY_A_IPV6_SRC]	= VXFP_KF(ip.ipv6.src, 16, VXFP_KF_RAW, VXFP_KF_IPV6),
	[VXFP_KEY_A_IPV6_DST]	= VXFP_KF(ip.ipv6.dst, 16, VXFP_KF_RAW, VXFP_KF_IPV6),
	[VXFP_KEY_A_TP_SRC]	= VXFP_KF(tp.src, 2, VXFP_KF_BE16, VXFP_KF_PORTS),
	[VXFP_KEY_A_TP_DST]	= VXFP_KF(tp.dst, 2, VXFP_KF_BE16, VXFP_KF_PORTS),
	[VXFP_KEY_A_TCP_FLAGS]	= VXFP_KF(tp.flags, 2, VXFP_KF_BE16, VXFP_KF_TCP),
	[VXFP_KEY_A_ICMP_TYPE]	= VXFP_KF(tp.icmp_type, 1, VXFP_KF_U8, VXFP_KF_ICMP),
	[VXFP_KEY_A_ICMP_CODE]	= VXFP_KF(tp.icmp_code, 1, VXFP_KF_U8, VXFP_KF_ICMP),
	[VXFP_KEY_A_ARP_OP]	= VXFP_KF(ip.arp.op, 2, VXFP_KF_BE16, VXFP_KF_ARP),
	[VXFP_KEY_A_ARP_SIP]	= VXFP_KF(ip.arp.sip, 4, VXFP_KF_RAW, VXFP_KF_ARP),
	[VXFP_KEY_A_ARP_TIP]	= VXFP_KF(ip.arp.tip, 4, VXFP_KF_RAW, VXFP_KF_ARP),
	[VXFP_KEY_A_ARP_SHA]	= VXFP_KF(ip.arp.sha, ETH_ALEN, VXFP_KF_RAW, VXFP_KF_ARP),
	[VXFP_KEY_A_ARP_THA]	= VXFP_KF(ip.arp.tha, ETH_ALEN, VXFP_KF_RAW, VXFP_KF_ARP),
	[VXFP_KEY_A_TUN_ID]	= VXFP_KF(tun.vni, 4, VXFP_KF_U32, VXFP_KF_TUN),
	[VXFP_KEY_A_TUN_IPV4_SRC] = VXFP_KF(tun.ipv4.src, 4, VXFP_KF_RAW, VXFP_KF_TUN4),
	[VXFP_KEY_A_TUN_IPV4_DST] = VXFP_KF(tun.ipv4.dst, 4, VXFP_KF_RAW, VXFP_KF_TUN4),
	[VXFP_KEY_A_TUN_IPV6_SRC] = VXFP_KF(tun.ipv6.src, 16, VXFP_KF_RAW, VXFP_KF_TUN6),
	[VXFP_KEY_A_TUN_IPV6_DST] = VXFP_KF(tun.ipv6.dst, 16, VXFP_KF_RAW, VXFP_KF_TUN6),
	[VXFP_KEY_A_TUN_DST_PORT] = VXFP_KF(tun.tp_dst, 2, VXFP_KF_BE16, VXFP_KF_TUN),
	[VXFP_KEY_A_TUN_TOS]	= VXFP_KF(tun.tos, 1, VXFP_KF_U8, VXFP_KF_TUN),
	[VXFP_KEY_A_TUN_TTL]	= VXFP_KF(tun.ttl, 1, VXFP_KF_U8, VXFP_KF_TUN),
};

/* Write an attribute's value into a key or a mask. */
static void vxfp_kf_set(void *k, const struct vxfp_key_field *f,
			const struct nlattr *a)
{
	void *p = k + f->off;
	__be16 *tci = p;

	switch (f->kind) {
	case VXFP_KF_RAW:
		nla_memcpy(p, a, f->len);
		break;
	case VXFP_KF_U8:
		*(u8 *)p = nla_get_u8(a);
		break;
	case VXFP_KF_U32:
		*(u32 *)p = nla_get_u32(a);
		break;
	case VXFP_KF_BE16:
		*(__be16 *)p = htons(nla_get_u16(a));
		break;
	case VXFP_KF_VID:
		*tci = (*tci & ~htons(VLAN_VID_MASK)) |
		       htons(nla_get_u16(a) & VLAN_VID_MASK);
		break;
	case VXFP_KF_PRIO:
		*tci = (*tci & ~htons(VLAN_PRIO_MASK)) |
		       htons(nla_get_u8(a) << VLAN_PRIO_SHIFT);
		break;
	}
}

/* Set every bit of a field in a mask. */
static void vxfp_kf_set_full(void *m, const struct vxfp_key_field *f)
{
	__be16 *tci = m + f->off;

	if (f->kind == VXFP_KF_VID)
		*tci |= htons(VLAN_VID_MASK);
	else if (f->kind == VXFP_KF_PRIO)
		*tci |= htons(VLAN_PRIO_MASK);
	else
		memset(m + f->off, 0xff, f->len);
}

/* Whether any bit of a field is set in a mask. */
static bool vxfp_kf_any(const void *m, const struct vxfp_key_field *f)
{
	const __be16 *tci = m + f->off;
	unsigned int i;

	if (f->kind == VXFP_KF_VID)
		return *tci & htons(VLAN_VID_MASK);
	if (f->kind == VXFP_KF_PRIO)
		return *tci & htons(VLAN_PRIO_MASK);
	for (i = 0; i < f->len; i++)
		if (((const u8 *)m)[f->off + i])
			return true;
	return false;
}

static int vxfp_kf_put(struct sk_buff *msg, int type, const void *k,
		       const struct vxfp_key_field *f)
{
	const void *p = k + f->off;

	switch (f->kind) {
	case VXFP_KF_RAW:
		return nla_put(msg, type, f->len, p);
	case VXFP_KF_U8:
		return nla_put_u8(msg, type, *(const u8 *)p);
	case VXFP_KF_U32:
		return nla_put_u32(msg, type, *(const u32 *)p);
	case VXFP_KF_BE16:
		return nla_put_u16(msg, type, ntohs(*(const __be16 *)p));
	case VXFP_KF_VID:
		return nla_put_u16(msg, type,
				   ntohs(*(const __be16 *)p) & VLAN_VID_MASK);
	case VXFP_KF_PRIO:
		return nla_put_u8(msg, type, (ntohs(*(const __be16 *)p) &
					      VLAN_PRIO_MASK) >> VLAN_PRIO_SHIFT);
	}
	return 0;
}

static bool vxfp_mask_exact16(__be16 m)
{
	return m == htons(0xffff);
}

/*
 * Whether the layer an attribute needs is matched, exactly; if not, says
 * so through @extack (which may be NULL), pointing at @attr.
 */
static bool vxfp_kf_layer_ok(u8 layer, const struct vxfp_flow_key *key,
			     const struct vxfp_flow_key *mask,
			     const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	bool type_exact = vxfp_mask_exact16(mask->eth.type);
	__be16 type = key->eth.type;
	bool proto_exact = mask->ip.proto == 0xff;
	u8 proto = key->ip.proto;

	switch (layer) {
	case VXFP_KF_IP:
		if (type_exact && (type == htons(ETH_P_IP) ||
				   type == htons(ETH_P_IPV6)))
			return true;
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "IP fields need eth_type IPv4 or IPv6");
		return false;
	case VXFP_KF_IPV4:
		if (type_exact && type == htons(ETH_P_IP))
			return true;
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "IPv4 addresses need eth_type IPv4");
		return false;
	case VXFP_KF_IPV6:
		if (type_exact && type == htons(ETH_P_IPV6))
			return true;
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "IPv6 addresses need eth_type IPv6");
		return false;
	case VXFP_KF_ARP:
		if (type_exact && type == htons(ETH_P_ARP))
			return true;
		NL_SET_ERR_MSG_ATTR(extack, attr, "ARP fields need eth_type ARP");
		return false;
	case VXFP_KF_PORTS:
		if (type_exact && proto_exact &&
		    (proto == IPPROTO_TCP || proto == IPPROTO_UDP ||
		     proto == IPPROTO_SCTP))
			return true;
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Ports need ip_proto TCP, UDP or SCTP");
		return false;
	case VXFP_KF_TCP:
		if (type_exact && proto_exact && proto == IPPROTO_TCP)
			return true;
		NL_SET_ERR_MSG_ATTR(extack, attr, "TCP flags need ip_proto TCP");
		return false;
	case VXFP_KF_ICMP:
		if (type_exact && proto_exact &&
		    ((type == htons(ETH_P_IP) && proto == IPPROTO_ICMP) ||
		     (type == htons(ETH_P_IPV6) && proto == IPPROTO_ICMPV6)))
			return true;
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "ICMP fields need ip_proto ICMP (IPv4) or ICMPv6 (IPv6)");
		return false;
	case VXFP_KF_TUN:
	case VXFP_KF_TUN4:
	case VXFP_KF_TUN6:
		if (mask->in_port != U32_MAX ||
		    key->in_port != VXFP_FLOW_PORT_UPLINK) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "Tunnel fields need in_port uplink");
			return false;
		}
		if (!vxfp_mask_exact16(mask->tun.tp_dst) || !key->tun.tp_dst) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "Tunnel fields need an exact enc_dst_port");
			return false;
		}
		return true;
	}
	return true;
}

/* Whether two fields of the key overlap (members of the same union). */
static bool vxfp_kf_overlap(const struct vxfp_key_field *a,
			    const struct vxfp_key_field *b)
{
	return a->off < b->off + b->len && b->off < a->off + a->len;
}

/**
 * vxfp_flow_key_check - whether the fast path can match a key and mask
 * @sw: the switch
 * @key: the key
 * @mask: the mask
 * @attr: what to point errors at, or NULL
 * @extack: where to say what is wrong
 *
 * A key's bits must be inside its mask; in_port and chain are matched
 * exactly or not at all; in_port is a VF of the switch or the uplink; and
 * each field matched needs what it depends on (see enum vxfp_key_attr).
 * @key->tun.addr_family must be set when tunnel addresses are matched; 0
 * with a full mask matches what did not come out of a tunnel.
 *
 * Return: 0 or -errno.
 */
int vxfp_flow_key_check(const struct vxfp_switch *sw,
			const struct vxfp_flow_key *key,
			const struct vxfp_flow_key *mask,
			const struct nlattr *attr,
			struct netlink_ext_ack *extack)
{
	const u64 *kw = (const u64 *)key, *mw = (const u64 *)mask;
	unsigned int i, j;

	for (i = 0; i < VXFP_FLOW_KEY_WORDS; i++) {
		if (kw[i] & ~mw[i]) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "Key bits set outside the mask");
			return -EINVAL;
		}
	}
	if (mask->eth.cvlan_tci && (!key->eth.vlan_tpid ||
				    !vxfp_mask_exact16(mask->eth.vlan_tpid))) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Inner VLAN fields need an outer VLAN match");
		return -EINVAL;
	}
	if (mask->in_port && mask->in_port != U32_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "in_port is matched exactly or not at all");
		return -EINVAL;
	}
	if (mask->in_port && key->in_port != VXFP_FLOW_PORT_UPLINK &&
	    key->in_port >= sw->num_vfs) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "in_port must be a VF of the switch or the uplink");
		return -ENODEV;
	}
	if (mask->chain && mask->chain != U32_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "chain is matched exactly or not at all");
		return -EINVAL;
	}
	if (mask->tun.addr_family &&
	    (mask->tun.addr_family != 0xff ||
	     (key->tun.addr_family && key->tun.addr_family != AF_INET &&
	      key->tun.addr_family != AF_INET6))) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Bad tunnel address family");
		return -EINVAL;
	}

	for (i = 1; i <= VXFP_KEY_A_MAX; i++) {
		const struct vxfp_key_field *f = &vxfp_key_fields[i];
		bool ok;

		if (!vxfp_kf_any(mask, f))
			continue;
		ok = vxfp_kf_layer_ok(f->layer, key, mask, NULL, NULL);
		/* A union's bits are good if they are good for one member. */
		for (j = 1; !ok && j <= VXFP_KEY_A_MAX; j++) {
			const struct vxfp_key_field *g = &vxfp_key_fields[j];

			ok = j != i && vxfp_kf_overlap(f, g) &&
			     vxfp_kf_any(mask, g) &&
			     vxfp_kf_layer_ok(g->layer, key, mask, NULL, NULL);
		}
		if (!ok) {
			vxfp_kf_layer_ok(f->layer, key, mask, attr, extack);
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * vxfp_flow_key_parse - a flow's key and mask from netlink
 * @sw: the switch
 * @kattr: %VXFP_FLOW_A_KEY
 * @mattr: %VXFP_FLOW_A_MASK, or NULL
 * @key: the key, masked, on success
 * @mask: the mask
 * @extack: where to say what is wrong
 *
 * Return: 0 or -errno.
 */
static int vxfp_flow_key_parse(const struct vxfp_switch *sw,
			       const struct nlattr *kattr,
			       const struct nlattr *mattr,
			       struct vxfp_flow_key *key,
			       struct vxfp_flow_key *mask,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *kt[VXFP_KEY_A_MAX + 1], *mt[VXFP_KEY_A_MAX + 1] = {};
	unsigned int i;
	int err;

	err = nla_parse_nested(kt, VXFP_KEY_A_MAX, kattr, vxfp_key_policy,
			       extack);
	if (err)
		return err;
	if (mattr) {
		err = nla_parse_nested(mt, VXFP_KEY_A_MAX, mattr,
				       vxfp_key_policy, extack);
		if (err)
			return err;
	}

	vxfp_flow_key_init(key);
	vxfp_flow_key_init(mask);
	for (i = 1; i <= VXFP_KEY_A_MAX; i++) {
		const struct vxfp_key_field *f = &vxfp_key_fields[i];

		if (kt[i])
			vxfp_kf_set(key, f, kt[i]);
		if (mt[i])
			vxfp_kf_set(mask, f, mt[i]);
		else if (kt[i])
			vxfp_kf_set_full(mask, f);
	}
	/* A VLAN id or priority without a TPID is an 802.1Q tag. */
	if ((mask->eth.vlan_tci || mask->eth.cvlan_tci) &&
	    !kt[VXFP_KEY_A_VLAN_TPID] && !mt[VXFP_KEY_A_VLAN_TPID]) {
		key->eth.vlan_tpid = htons(ETH_P_8021Q);
		mask->eth.vlan_tpid = htons(0xffff);
	}
	if ((kt[VXFP_KEY_A_TUN_IPV4_SRC] || kt[VXFP_KEY_A_TUN_IPV4_DST] ||
	     mt[VXFP_KEY_A_TUN_IPV4_SRC] || mt[VXFP_KEY_A_TUN_IPV4_DST]) &&
	    (kt[VXFP_KEY_A_TUN_IPV6_SRC] || kt[VXFP_KEY_A_TUN_IPV6_DST] ||
	     mt[VXFP_KEY_A_TUN_IPV6_SRC] || mt[VXFP_KEY_A_TUN_IPV6_DST])) {
		NL_SET_ERR_MSG_ATTR(extack, kattr,
				    "Tunnel addresses of both IPv4 and IPv6");
		return -EINVAL;
	}
	for (i = 1; i <= VXFP_KEY_A_MAX; i++) {
		const struct vxfp_key_field *f = &vxfp_key_fields[i];

		if ((kt[i] || mt[i]) && (f->layer == VXFP_KF_TUN4 ||
					 f->layer == VXFP_KF_TUN6)) {
			key->tun.addr_family = f->layer == VXFP_KF_TUN4 ?
					       AF_INET : AF_INET6;
			mask->tun.addr_family = 0xff;
		}
	}
	return vxfp_flow_key_check(sw, key, mask, kattr, extack);
}

/*
 * Put the fields a flow matches, with their values in @vals: the flow's
 * @key for %VXFP_FLOW_A_KEY, its @mask for %VXFP_FLOW_A_MASK.
 */
static int vxfp_flow_key_fill(struct sk_buff *msg, int type,
			      const struct vxfp_flow_key *vals,
			      const struct vxfp_flow_key *k,
			      const struct vxfp_flow_key *mask)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(msg, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 1; i <= VXFP_KEY_A_MAX; i++) {
		const struct vxfp_key_field *f = &vxfp_key_fields[i];

		if (!vxfp_kf_any(mask, f))
			continue;
		/* Skip the members of unions the flow does not use. */
		if (!vxfp_kf_layer_ok(f->layer, k, mask, NULL, NULL))
			continue;
		if ((f->layer == VXFP_KF_TUN4 &&
		     k->tun.addr_family != AF_INET) ||
		    (f->layer == VXFP_KF_TUN6 &&
		     k->tun.addr_family != AF_INET6))
			continue;
		if (vxfp_kf_put(msg, i, vals, f)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* --- flows ------------------------------------------------------------------ */

static const struct nla_policy vxfp_flow_policy[VXFP_FLOW_A_MAX + 1] = {
	[VXFP_FLOW_A_COOKIE]	= { .type = NLA_U64 },
	[VXFP_FLOW_A_PRIORITY]	= { .type = NLA_U32 },
	[VXFP_FLOW_A_KEY]	= NLA_POLICY_NESTED(vxfp_key_policy),
	[VXFP_FLOW_A_MASK]	= NLA_POLICY_NESTED(vxfp_key_policy),
	[VXFP_FLOW_A_ACTIONS]	= NLA_POLICY_NESTED(vxfp_action_policy),
	[VXFP_FLOW_A_STATS]	= { .type = NLA_REJECT },
};

const struct nla_policy vxfp_flow_cmd_policy[VXFP_A_MAX + 1] = {
	[VXFP_A_SWITCH_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[VXFP_A_SWITCH_NAME]	= { .type = NLA_NUL_STRING,
				    .len = VXFP_NAME_LEN - 1 },
	[VXFP_A_FLOW]		= NLA_POLICY_NESTED(vxfp_flow_policy),
	[VXFP_A_FLOW_REPLACE]	= { .type = NLA_FLAG },
};

/* A flow of a request, parsed before anything changes. */
struct vxfp_flow_req {
	struct vxfp_flow_key key;
	struct vxfp_flow_key mask;
	const struct nlattr *nest;
	struct vxfp_actions *acts;
	u64 cookie;
	u32 priority;
};

/* The switch a request names, held; NULL and an error if none. */
static struct vxfp_switch *vxfp_flow_switch_get(struct genl_info *info)
{
	struct vxfp_switch *sw;

	rtnl_lock();
	sw = vxfp_nl_switch_find(genl_info_net(info), info->attrs,
				 info->extack);
	if (!IS_ERR(sw))
		get_device(&sw->dev);
	rtnl_unlock();
	return sw;
}

static void vxfp_flow_switch_put(struct vxfp_switch *sw)
{
	put_device(&sw->dev);
}

static bool vxfp_flow_switch_ok(struct vxfp_switch *sw,
				struct netlink_ext_ack *extack)
{
	if (READ_ONCE(sw->dead)) {
		NL_SET_ERR_MSG_MOD(extack, "The switch is going away");
		return false;
	}
	if (READ_ONCE(sw->mode) != VXFP_ESWITCH_SWITCHDEV) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Flows need the switch in switchdev mode");
		return false;
	}
	return true;
}

/* The %VXFP_A_FLOW nests of a request; -EINVAL if none or too many. */
static int vxfp_flow_count(struct genl_info *info)
{
	const struct nlattr *a;
	int n = 0, rem;

	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem)
		if (nla_type(a) == VXFP_A_FLOW)
			n++;
	if (!n) {
		NL_SET_ERR_MSG_MOD(info->extack, "No flow given");
		return -EINVAL;
	}
	if (n > VXFP_FLOW_MAX_BATCH) {
		NL_SET_ERR_MSG_MOD(info->extack, "Too many flows in one request");
		return -E2BIG;
	}
	return n;
}

static int vxfp_flow_req_parse(struct vxfp_switch *sw,
			       struct vxfp_flow_req *req,
			       const struct nlattr *nest,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VXFP_FLOW_A_MAX + 1];
	int err;

	req->nest = nest;
	err = nla_parse_nested(tb, VXFP_FLOW_A_MAX, nest, vxfp_flow_policy,
			       extack);
	if (err)
		return err;
	if (!tb[VXFP_FLOW_A_COOKIE]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "A flow needs a cookie");
		return -EINVAL;
	}
	if (!tb[VXFP_FLOW_A_KEY]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "A flow needs a key");
		return -EINVAL;
	}
	if (!tb[VXFP_FLOW_A_ACTIONS]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "A flow needs actions");
		return -EINVAL;
	}
	req->cookie = nla_get_u64(tb[VXFP_FLOW_A_COOKIE]);
	if (vxfp_flow_cookie_is_tc(req->cookie)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[VXFP_FLOW_A_COOKIE],
				    "Cookies 0x7463... are those of tc rules' flows");
		return -EINVAL;
	}
	req->priority = tb[VXFP_FLOW_A_PRIORITY] ?
			nla_get_u32(tb[VXFP_FLOW_A_PRIORITY]) : 0;
	err = vxfp_flow_key_parse(sw, tb[VXFP_FLOW_A_KEY], tb[VXFP_FLOW_A_MASK],
				  &req->key, &req->mask, extack);
	if (err)
		return err;
	req->acts = vxfp_actions_parse(sw, tb[VXFP_FLOW_A_ACTIONS], &req->key,
				       &req->mask, extack);
	if (IS_ERR(req->acts)) {
		err = PTR_ERR(req->acts);
		req->acts = NULL;
		return err;
	}
	return 0;
}

/* Point the error at the flow it is about, unless already more precise. */
static void vxfp_flow_blame(struct netlink_ext_ack *extack,
			    const struct nlattr *nest)
{
	if (extack && !extack->bad_attr)
		NL_SET_BAD_ATTR(extack, nest);
}

int vxfp_nl_flow_new(struct sk_buff *skb, struct genl_info *info)
{
	bool replace = nla_get_flag(info->attrs[VXFP_A_FLOW_REPLACE]);
	struct netlink_ext_ack *extack = info->extack;
	struct vxfp_flow_req *reqs;
	struct vxfp_switch *sw;
	const struct nlattr *a;
	int i, n, done = 0, rem, err;

	n = vxfp_flow_count(info);
	if (n < 0)
		return n;
	sw = vxfp_flow_switch_get(info);
	if (IS_ERR(sw))
		return PTR_ERR(sw);
	if (!vxfp_flow_switch_ok(sw, extack)) {
		err = -EBUSY;
		goto out_put;
	}
	reqs = kvcalloc(n, sizeof(*reqs), GFP_KERNEL);
	if (!reqs) {
		err = -ENOMEM;
		goto out_put;
	}

	/* Everything that can be wrong with a request is found here. */
	i = 0;
	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(a) != VXFP_A_FLOW)
			continue;
		err = vxfp_flow_req_parse(sw, &reqs[i], a, extack);
		if (err) {
			vxfp_flow_blame(extack, a);
			goto out_free;
		}
		i++;
	}

	for (done = 0; done < n; done++) {
		struct vxfp_flow_req *r = &reqs[done];
		struct vxfp_flow *flow;

		if (replace)
			vxfp_ft_remove(&sw->ft, r->cookie);
		flow = vxfp_ft_insert(&sw->ft, &r->key, &r->mask, r->priority,
				      r->cookie, r->acts, extack);
		if (IS_ERR(flow)) {
			err = PTR_ERR(flow);
			vxfp_flow_blame(extack, r->nest);
			goto out_undo;
		}
		/* The table owns them now. */
		r->acts = NULL;
	}
	/* A flow that came in after the switch left switchdev mode goes. */
	if (!vxfp_flow_switch_ok(sw, extack)) {
		err = -EBUSY;
		goto out_undo;
	}
	err = 0;
	goto out_free;

out_undo:
	while (done--)
		vxfp_ft_remove(&sw->ft, reqs[done].cookie);
out_free:
	for (i = 0; i < n; i++)
		vxfp_actions_free(reqs[i].acts);
	kvfree(reqs);
out_put:
	vxfp_flow_switch_put(sw);
	return err;
}

/**
 * vxfp_flow_install - install one flow, from inside the kernel
 * @sw: the switch, held by the caller
 * @key: the flow's key, checked with vxfp_flow_key_check()
 * @mask: its mask
 * @priority: its priority, lower wins
 * @cookie: its identity, unique in the switch
 * @acts: its actions, finished with vxfp_actions_finish(); consumed
 * @extack: where to say why not
 *
 * Context: process, may sleep; RTNL may be held.
 * Return: 0 or -errno.
 */
int vxfp_flow_install(struct vxfp_switch *sw, const struct vxfp_flow_key *key,
		      const struct vxfp_flow_key *mask, u32 priority,
		      u64 cookie, struct vxfp_actions *acts,
		      struct netlink_ext_ack *extack)
{
	struct vxfp_flow *flow;

	if (!vxfp_flow_switch_ok(sw, extack)) {
		vxfp_actions_free(acts);
		return -EBUSY;
	}
	flow = vxfp_ft_insert(&sw->ft, key, mask, priority, cookie, acts,
			      extack);
	if (IS_ERR(flow)) {
		vxfp_actions_free(acts);
		return PTR_ERR(flow);
	}
	if (!vxfp_flow_switch_ok(sw, extack)) {
		vxfp_ft_remove(&sw->ft, cookie);
		return -EBUSY;
	}
	return 0;
}

/**
 * vxfp_flow_uninstall - remove a flow, from inside the kernel
 * @sw: the switch, held by the caller
 * @cookie: the flow's
 *
 * Context: process, may sleep.
 * Return: 0, or -ENOENT if there is no such flow.
 */
int vxfp_flow_uninstall(struct vxfp_switch *sw, u64 cookie)
{
	return vxfp_ft_remove(&sw->ft, cookie);
}

/**
 * vxfp_flow_read_stats - a flow's counters, from inside the kernel
 * @sw: the switch, held by the caller
 * @cookie: the flow's
 * @packets: packets that took it
 * @bytes: their bytes
 * @used: jiffies of the last one, 0 if none
 *
 * Return: 0, or -ENOENT if there is no such flow.
 */
int vxfp_flow_read_stats(struct vxfp_switch *sw, u64 cookie, u64 *packets,
			 u64 *bytes, unsigned long *used)
{
	struct vxfp_flow *flow;

	rcu_read_lock();
	flow = vxfp_ft_find(&sw->ft, cookie);
	if (flow)
		vxfp_flow_stats_read(flow, packets, bytes, used);
	rcu_read_unlock();
	return flow ? 0 : -ENOENT;
}

static int vxfp_flow_nest_cookie(const struct nlattr *nest, u64 *cookie,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[VXFP_FLOW_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, VXFP_FLOW_A_MAX, nest, vxfp_flow_policy,
			       extack);
	if (err)
		return err;
	if (!tb[VXFP_FLOW_A_COOKIE]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "A flow needs a cookie");
		return -EINVAL;
	}
	*cookie = nla_get_u64(tb[VXFP_FLOW_A_COOKIE]);
	return 0;
}

int vxfp_nl_flow_del(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct vxfp_switch *sw;
	const struct nlattr *a;
	struct vxfp_flow *flow;
	int n, rem, err = 0;
	u64 cookie;

	n = vxfp_flow_count(info);
	if (n < 0)
		return n;
	sw = vxfp_flow_switch_get(info);
	if (IS_ERR(sw))
		return PTR_ERR(sw);

	/* All or none: every cookie is checked first. */
	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(a) != VXFP_A_FLOW)
			continue;
		err = vxfp_flow_nest_cookie(a, &cookie, extack);
		if (err)
			goto out;
		rcu_read_lock();
		flow = vxfp_ft_find(&sw->ft, cookie);
		rcu_read_unlock();
		if (!flow) {
			NL_SET_ERR_MSG_ATTR(extack, a, "No flow with this cookie");
			err = -ENOENT;
			goto out;
		}
		if (vxfp_flow_cookie_is_tc(cookie)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "The flow of a tc rule: delete the rule with tc");
			err = -EBUSY;
			goto out;
		}
	}
	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(a) != VXFP_A_FLOW ||
		    vxfp_flow_nest_cookie(a, &cookie, extack))
			continue;
		/* Gone already if someone else removed it meanwhile. */
		vxfp_ft_remove(&sw->ft, cookie);
	}
out:
	vxfp_flow_switch_put(sw);
	return err;
}

#define VXFP_FLUSH_BATCH	256

/* Collects the cookies of flows not of tc rules, a batch at a time. */
struct vxfp_flush_batch {
	u64 cookies[VXFP_FLUSH_BATCH];
	unsigned int n;
};

static int vxfp_flush_collect(struct vxfp_flow *flow, void *arg)
{
	struct vxfp_flush_batch *batch = arg;

	if (vxfp_flow_cookie_is_tc(flow->cookie))
		return 0;
	if (batch->n == VXFP_FLUSH_BATCH)
		return 1;
	batch->cookies[batch->n++] = flow->cookie;
	return 0;
}

/*
 * Every flow but those of tc rules, which tc would still count in
 * hardware: a walk collects a batch, which goes before the walk resumes
 * (the walk's callback must not change the table).
 */
int vxfp_nl_flow_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct vxfp_flush_batch *batch;
	struct vxfp_ft_cursor cur = {};
	struct vxfp_switch *sw;
	unsigned int i;
	int more;

	sw = vxfp_flow_switch_get(info);
	if (IS_ERR(sw))
		return PTR_ERR(sw);
	batch = kmalloc(sizeof(*batch), GFP_KERNEL);
	if (!batch) {
		vxfp_flow_switch_put(sw);
		return -ENOMEM;
	}
	do {
		batch->n = 0;
		more = vxfp_ft_walk(&sw->ft, &cur, vxfp_flush_collect, batch);
		for (i = 0; i < batch->n; i++)
			vxfp_ft_remove(&sw->ft, batch->cookies[i]);
	} while (more);
	kfree(batch);
	vxfp_flow_switch_put(sw);
	return 0;
}

static int vxfp_flow_fill_stats(struct sk_buff *msg,
				const struct vxfp_flow *flow)
{
	unsigned long used, now = jiffies;
	struct nlattr *nest;
	u64 packets, bytes;

	vxfp_flow_stats_read(flow, &packets, &bytes, &used);
	nest = nla_nest_start(msg, VXFP_FLOW_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, VXFP_FLOW_STATS_PACKETS, packets,
			      VXFP_FLOW_STATS_PAD) ||
	    nla_put_u64_64bit(msg, VXFP_FLOW_STATS_BYTES, bytes,
			      VXFP_FLOW_STATS_PAD) ||
	    (used && nla_put_u64_64bit(msg, VXFP_FLOW_STATS_USED,
				       jiffies_to_msecs(now - used),
				       VXFP_FLOW_STATS_PAD)) ||
	    nla_put_u64_64bit(msg, VXFP_FLOW_STATS_AGE,
			      jiffies_to_msecs(now - flow->created),
			      VXFP_FLOW_STATS_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int vxfp_flow_fill(struct sk_buff *msg, const struct vxfp_switch *sw,
			  const struct vxfp_flow *flow, u32 portid, u32 seq,
			  int flags)
{
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, vxfp_nl_family(), flags,
			  VXFP_CMD_FLOW_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, VXFP_A_SWITCH_ID, sw->id) ||
	    nla_put_string(msg, VXFP_A_SWITCH_NAME, sw->name))
		goto err;
	nest = nla_nest_start(msg, VXFP_A_FLOW);
	if (!nest)
		goto err;
	if (nla_put_u64_64bit(msg, VXFP_FLOW_A_COOKIE, flow->cookie,
			      VXFP_FLOW_A_PAD) ||
	    nla_put_u32(msg, VXFP_FLOW_A_PRIORITY, flow->priority) ||
	    vxfp_flow_key_fill(msg, VXFP_FLOW_A_KEY, &flow->key, &flow->key,
			       &flow->mask->key) ||
	    vxfp_flow_key_fill(msg, VXFP_FLOW_A_MASK, &flow->mask->key,
			       &flow->key, &flow->mask->key) ||
	    vxfp_actions_fill(msg, flow->actions) ||
	    vxfp_flow_fill_stats(msg, flow))
		goto err;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return 0;

err:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

int vxfp_nl_flow_get(struct sk_buff *skb, struct genl_info *info)
{
	struct vxfp_switch *sw;
	struct vxfp_flow *flow;
	struct sk_buff *msg;
	u64 cookie;
	int err;

	if (!info->attrs[VXFP_A_FLOW]) {
		NL_SET_ERR_MSG_MOD(info->extack, "Which flow? (cookie)");
		return -EINVAL;
	}
	err = vxfp_flow_nest_cookie(info->attrs[VXFP_A_FLOW], &cookie,
				    info->extack);
	if (err)
		return err;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	sw = vxfp_flow_switch_get(info);
	if (IS_ERR(sw)) {
		nlmsg_free(msg);
		return PTR_ERR(sw);
	}
	rcu_read_lock();
	flow = vxfp_ft_find(&sw->ft, cookie);
	if (flow)
		err = vxfp_flow_fill(msg, sw, flow, info->snd_portid,
				     info->snd_seq, 0);
	rcu_read_unlock();
	vxfp_flow_switch_put(sw);
	if (!flow) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[VXFP_A_FLOW],
				    "No flow with this cookie");
		err = -ENOENT;
	}
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

struct vxfp_flow_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	const struct vxfp_switch *sw;
};

static int vxfp_flow_dump_one(struct vxfp_flow *flow, void *arg)
{
	struct vxfp_flow_dump *d = arg;

	return vxfp_flow_fill(d->skb, d->sw, flow,
			      NETLINK_CB(d->cb->skb).portid,
			      d->cb->nlh->nlmsg_seq, NLM_F_MULTI);
}

/*
 * cb->args[0]: switches done; [1], [2], [3]: the flow table cursor in the
 * next one (hash, cookie, started).
 */
int vxfp_nl_flow_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = vxfp_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	struct vxfp_flow_dump d = { .skb = skb, .cb = cb };
	struct vxfp_switch *only = NULL, *sw, *found;
	struct vxfp_ft_cursor cur;
	long idx;
	int err;

	for (;;) {
		rtnl_lock();
		if (attrs[VXFP_A_SWITCH_NAME] || attrs[VXFP_A_SWITCH_ID]) {
			only = vxfp_nl_switch_find(net, attrs, cb->extack);
			if (IS_ERR(only)) {
				rtnl_unlock();
				return PTR_ERR(only);
			}
		}
		found = NULL;
		idx = 0;
		list_for_each_entry(sw, &vxfp_switches, list) {
			if (!net_eq(read_pnet(&sw->net), net) ||
			    (only && sw != only))
				continue;
			if (idx++ == cb->args[0]) {
				found = sw;
				get_device(&sw->dev);
				break;
			}
		}
		rtnl_unlock();
		if (!found)
			return skb->len;

		cur.hash = cb->args[1];
		cur.cookie = cb->args[2];
		cur.started = cb->args[3];
		d.sw = found;
		err = vxfp_ft_walk(&found->ft, &cur, vxfp_flow_dump_one, &d);
		put_device(&found->dev);
		cb->args[1] = cur.hash;
		cb->args[2] = cur.cookie;
		cb->args[3] = cur.started;
		if (err) {
			/* A flow that does not fit an empty message never will. */
			return skb->len ?: err;
		}
		cb->args[0]++;
		cb->args[1] = 0;
		cb->args[2] = 0;
		cb->args[3] = 0;
	}
}

/**
 * vxfp_flow_fill_switch_stats - the fast-path counters of a switch
 * @msg: where they go, as %VXFP_A_SWITCH_STATS
 * @sw: the switch
 *
 * Return: 0 or -EMSGSIZE.
 */
int vxfp_flow_fill_switch_stats(struct sk_buff *msg,
				const struct vxfp_switch *sw)
{
	struct nlattr *nest, *drops;
	struct vxfp_fp_totals t;
	int i;

	vxfp_fp_read_stats(sw, &t);
	nest = nla_nest_start(msg, VXFP_A_SWITCH_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, VXFP_SW_STATS_FLOWS, vxfp_ft_count(&sw->ft)) ||
	    nla_put_u32(msg, VXFP_SW_STATS_MASKS,
			vxfp_ft_mask_count(&sw->ft)) ||
	    nla_put_u64_64bit(msg, VXFP_SW_STATS_HITS, t.hits,
			      VXFP_SW_STATS_PAD) ||
	    nla_put_u64_64bit(msg, VXFP_SW_STATS_MISSES, t.misses,
			      VXFP_SW_STATS_PAD) ||
	    nla_put_u64_64bit(msg, VXFP_SW_STATS_ENCAP, t.encap,
			      VXFP_SW_STATS_PAD) ||
	    nla_put_u64_64bit(msg, VXFP_SW_STATS_DECAP, t.decap,
			      VXFP_SW_STATS_PAD) ||
	    nla_put_u64_64bit(msg, VXFP_SW_STATS_SLOW_PATH, t.slow_path,
			      VXFP_SW_STATS_PAD))
		goto err;
	drops = nla_nest_start(msg, VXFP_SW_STATS_DROPS);
	if (!drops)
		goto err;
	for (i = 0; i < __VXFP_FP_DROP_MAX; i++)
		if (nla_put_u64_64bit(msg, i + 1, t.drops[i], 0))
			goto err;
	nla_nest_end(msg, drops);
	nla_nest_end(msg, nest);
	return 0;

err:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The key of the flow table: what a packet is matched on. It is flat and
 * compared, masked and hashed as u64 words, so every byte of it belongs to
 * a field or to an explicit pad, and keys are built from zeroed memory
 * (vxfp_flow_key_init()). The fields most flows match (metadata, L2, L3,
 * L4) come first and the tunnel ones after them, so that the range of
 * words a mask covers stays short: [0, 9) for a 5-tuple flow, [0, 15) for
 * a decapsulation flow.
 */
#ifndef _VXFP_FLOW_KEY_H
#define _VXFP_FLOW_KEY_H

#include "ft_shim.h"

/* in_port values besides VF indexes */
#define VXFP_FLOW_PORT_UPLINK	0xffffffffU	/* from the wire */
#define VXFP_FLOW_PORT_PF	0xfffffffeU	/* from the PF (host) */

/* ip.frag */
#define VXFP_FLOW_FRAG_IS	BIT(0)	/* a fragment */
#define VXFP_FLOW_FRAG_LATER	BIT(1)	/* a fragment, not the first */

/**
 * struct vxfp_flow_key - what a flow matches, or a mask of it
 * @in_port: VF index, %VXFP_FLOW_PORT_UPLINK or %VXFP_FLOW_PORT_PF
 * @chain: the tc chain the packet is in (goto chain), 0 first
 * @eth: L2: @eth.dst, @eth.src, @eth.type (the innermost ethertype),
 *	@eth.vlan_tci and @eth.vlan_tpid of the outer tag (0 if untagged),
 *	@eth.cvlan_tci of the inner tag
 * @ip: L3: @ip.proto, @ip.tos, @ip.ttl, @ip.frag (VXFP_FLOW_FRAG_*),
 *	the addresses in @ip.ipv4 or @ip.ipv6 by @eth.type; for ARP,
 *	@ip.arp with the op, sender and target addresses
 * @tp: L4: @tp.src and @tp.dst ports, @tp.flags (TCP flags, network
 *	order), @tp.icmp_type and @tp.icmp_code
 * @tun: the tunnel the packet came out of: @tun.vni (host order),
 *	@tun.tp_dst (outer UDP port), @tun.tos, @tun.ttl, the outer
 *	addresses in @tun.ipv4 or @tun.ipv6 by @tun.addr_family (AF_INET,
 *	AF_INET6, or 0 when not tunnelled); @tun.pad is always zero
 */
struct vxfp_flow_key {
	/* metadata: word 0 */
	u32 in_port;
	u32 chain;
	/* L2: words 1 to 3 */
	struct {
		u8 dst[ETH_ALEN];
		u8 src[ETH_ALEN];
		__be16 type;
		__be16 vlan_tci;
		__be16 vlan_tpid;
		__be16 cvlan_tci;
	} eth;
	/* L3: words 3 to 7 */
	struct {
		u8 proto;
		u8 tos;
		u8 ttl;
		u8 frag;
		union {
			struct {
				__be32 src;
				__be32 dst;
			} ipv4;
			struct {
				struct in6_addr src;
				struct in6_addr dst;
			} ipv6;
			struct {
				__be32 sip;
				__be32 tip;
				u8 sha[ETH_ALEN];
				u8 tha[ETH_ALEN];
				__be16 op;
			} arp;
		};
	} ip;
	/* L4: word 8 */
	struct {
		__be16 src;
		__be16 dst;
		__be16 flags;
		u8 icmp_type;
		u8 icmp_code;
	} tp;
	/* tunnel: words 9 to 14 */
	struct {
		u32 vni;
		__be16 tp_dst;
		u8 tos;
		u8 ttl;
		union {
			struct {
				__be32 src;
				__be32 dst;
			} ipv4;
			struct {
				struct in6_addr src;
				struct in6_addr dst;
			} ipv6;
		};
		u8 addr_family;
		u8 pad[7];
	} tun;
} __aligned(8);

#define VXFP_FLOW_KEY_WORDS	(sizeof(struct vxfp_flow_key) / sizeof(u64))

static_assert(sizeof(struct vxfp_flow_key) == 120);
static_assert(offsetof(struct vxfp_flow_key, ip.ipv4) == 32);
static_assert(offsetof(struct vxfp_flow_key, tp) == 64);
static_assert(offsetof(struct vxfp_flow_key, tun) == 72);
static_assert(offsetof(struct vxfp_flow_key, tun.ipv4) == 80);
static_assert(offsetof(struct vxfp_flow_key, tun.pad) == 113);

/**
 * vxfp_flow_key_init() - clear a key (or a mask) before filling it
 * @key: the key
 */
static inline void vxfp_flow_key_init(struct vxfp_flow_key *key)
{
	memset(key, 0, sizeof(*key));
}

#endif /* _VXFP_FLOW_KEY_H */

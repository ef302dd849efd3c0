/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The actions of a fast-path flow, as the datapath runs them: parsed and
 * checked once, when the flow is installed, from the netlink attributes of
 * enum vxfp_action_attr.
 */
#ifndef _VXFP_ACTIONS_H
#define _VXFP_ACTIONS_H

#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/types.h>
#include <linux/vxfp.h>
#include <net/netlink.h>

struct net_device;
struct netlink_ext_ack;
struct nlattr;
struct sk_buff;
struct vxfp_encap;
struct vxfp_flow_key;
struct vxfp_switch;
union vxfp_tun_addr;

/**
 * struct vxfp_act_encap - a VXLAN encapsulation
 * @ent: the tunnel endpoint's cache entry (route, neighbour, outer
 *	addresses), shared by every flow to the same endpoint
 * @vni: the VXLAN header's VNI word: the VNI shifted left by 8, network
 *	order
 * @dst_port: outer UDP destination port
 * @ttl: outer TTL or hop limit, 0 for the route's
 * @csum: outer UDP checksum (IPv4), or a non-zero one (IPv6)
 */
struct vxfp_act_encap {
	struct vxfp_encap *ent;
	__be32 vni;
	__be16 dst_port;
	u8 ttl;
	bool csum;
};

/**
 * struct vxfp_action - one action
 * @type: enum vxfp_action_attr
 * @port: %VXFP_ACT_A_OUTPUT: a VXFP_PORT_ID_*
 * @chain: %VXFP_ACT_A_GOTO_CHAIN
 * @mac: %VXFP_ACT_A_SET_ETH_SRC, %VXFP_ACT_A_SET_ETH_DST
 * @ttl: %VXFP_ACT_A_SET_TTL
 * @dscp: %VXFP_ACT_A_SET_DSCP
 * @vlan: %VXFP_ACT_A_VLAN_PUSH (@vlan.tpid, @vlan.tci) and
 *	%VXFP_ACT_A_VLAN_MODIFY (the bits of @vlan.tci_mask of the tag's TCI
 *	become those of @vlan.tci)
 * @mangle: %VXFP_ACT_A_MANGLE: in header @mangle.hdr (enum
 *	vxfp_mangle_hdr), the 32-bit word at @mangle.off gets the bits of
 *	@mangle.mask from @mangle.val
 * @encap: %VXFP_ACT_A_ENCAP
 */
struct vxfp_action {
	u8 type;
	union {
		u32 port;
		u32 chain;
		u8 mac[ETH_ALEN];
		u8 ttl;
		u8 dscp;
		struct {
			__be16 tpid;
			u16 tci;
			u16 tci_mask;
		} vlan;
		struct {
			u8 hdr;
			u8 off;
			__be32 mask;
			__be32 val;
		} mangle;
		struct vxfp_act_encap encap;
	};
};

/**
 * struct vxfp_actions - the actions of a flow
 * @sw: the switch they belong to
 * @tun_port: the VXLAN port the flow's match holds a reference on (see
 *	vxfp_tun_port_get()), 0 for none
 * @count: number of @acts
 * @acts: the actions, in order
 */
struct vxfp_actions {
	struct vxfp_switch *sw;
	__be16 tun_port;
	u32 count;
	struct vxfp_action acts[];
};

extern struct netlink_range_validation vxfp_vni_range;
extern const struct nla_policy vxfp_action_policy[VXFP_ACT_A_MAX + 1];

struct vxfp_actions *vxfp_actions_alloc(struct vxfp_switch *sw,
					unsigned int n);
int vxfp_actions_encap(struct vxfp_switch *sw, struct vxfp_act_encap *e,
		       u8 family, const union vxfp_tun_addr *src,
		       const union vxfp_tun_addr *dst, u8 tos, u32 vni,
		       __be16 dst_port, u8 ttl, bool csum,
		       struct netlink_ext_ack *extack);
int vxfp_actions_finish(struct vxfp_actions *acts,
			const struct vxfp_flow_key *key,
			const struct vxfp_flow_key *mask,
			struct netlink_ext_ack *extack);
struct vxfp_actions *vxfp_actions_parse(struct vxfp_switch *sw,
					const struct nlattr *attr,
					const struct vxfp_flow_key *key,
					const struct vxfp_flow_key *mask,
					struct netlink_ext_ack *extack);
void vxfp_actions_free(void *actions);
int vxfp_actions_fill(struct sk_buff *msg, const struct vxfp_actions *acts);

#endif /* _VXFP_ACTIONS_H */

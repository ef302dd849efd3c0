/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VXFP_FLOW_H
#define _VXFP_FLOW_H

#include <net/genetlink.h>
#include <linux/vxfp.h>

struct netlink_ext_ack;
struct vxfp_actions;

/*
 * The cookies of the flows of tc rules (kmod/tc.c): "tc" in the top 16
 * bits. They are tc's to add and remove, through its rules; nlctl's flow
 * commands leave them alone.
 */
#define VXFP_FLOW_COOKIE_TC_BASE	0x7463000000000000ULL

static inline bool vxfp_flow_cookie_is_tc(u64 cookie)
{
	return (cookie >> 48) == (VXFP_FLOW_COOKIE_TC_BASE >> 48);
}

struct vxfp_flow_key;
struct vxfp_switch;

extern const struct nla_policy vxfp_key_policy[VXFP_KEY_A_MAX + 1];
extern const struct nla_policy vxfp_flow_cmd_policy[VXFP_A_MAX + 1];

int vxfp_nl_flow_new(struct sk_buff *skb, struct genl_info *info);
int vxfp_nl_flow_del(struct sk_buff *skb, struct genl_info *info);
int vxfp_nl_flow_get(struct sk_buff *skb, struct genl_info *info);
int vxfp_nl_flow_dump(struct sk_buff *skb, struct netlink_callback *cb);
int vxfp_nl_flow_flush(struct sk_buff *skb, struct genl_info *info);
int vxfp_flow_key_check(const struct vxfp_switch *sw,
			const struct vxfp_flow_key *key,
			const struct vxfp_flow_key *mask,
			const struct nlattr *attr,
			struct netlink_ext_ack *extack);
int vxfp_flow_install(struct vxfp_switch *sw, const struct vxfp_flow_key *key,
		      const struct vxfp_flow_key *mask, u32 priority,
		      u64 cookie, struct vxfp_actions *acts,
		      struct netlink_ext_ack *extack);
int vxfp_flow_uninstall(struct vxfp_switch *sw, u64 cookie);
int vxfp_flow_read_stats(struct vxfp_switch *sw, u64 cookie, u64 *packets,
			 u64 *bytes, unsigned long *used);
int vxfp_flow_fill_switch_stats(struct sk_buff *msg,
				const struct vxfp_switch *sw);

#endif /* _VXFP_FLOW_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VXFP_NETLINK_H
#define _VXFP_NETLINK_H

struct genl_family;
struct net;
struct netlink_ext_ack;
struct nlattr;
struct vxfp_switch;
struct vxfp_vport;

const struct genl_family *vxfp_nl_family(void);
struct vxfp_switch *vxfp_nl_switch_find(struct net *net, struct nlattr **attrs,
					struct netlink_ext_ack *extack);

int vxfp_genl_init(void);
void vxfp_genl_uninit(void);
void vxfp_genl_notify_switch(const struct vxfp_switch *sw, u8 cmd);
void vxfp_genl_notify_port(const struct vxfp_vport *vp, u8 cmd);

#endif /* _VXFP_NETLINK_H */

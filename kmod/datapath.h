/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VXFP_DATAPATH_H
#define _VXFP_DATAPATH_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>

struct netlink_ext_ack;
struct vxfp_switch;
struct vxfp_vport;

int vxfp_dp_attach(struct vxfp_switch *sw, struct netlink_ext_ack *extack);
void vxfp_dp_detach(struct vxfp_switch *sw);
int vxfp_dp_set_mode(struct vxfp_switch *sw, u8 mode);
bool vxfp_dp_is_uplink(const struct net_device *dev);

void vxfp_dp_pf_xmit(struct vxfp_switch *sw, struct sk_buff *skb);
void vxfp_dp_vf_xmit(struct vxfp_vport *vp, struct sk_buff *skb);
void vxfp_dp_rep_xmit(struct vxfp_vport *vp, struct sk_buff *skb);

void vxfp_dp_to_vf(struct vxfp_vport *vp, struct sk_buff *skb);
void vxfp_dp_to_rep(struct vxfp_vport *vp, struct sk_buff *skb);
void vxfp_dp_to_pf(struct vxfp_switch *sw, struct sk_buff *skb);
void vxfp_dp_to_uplink(struct vxfp_switch *sw, struct sk_buff *skb);
int vxfp_dp_to_host(struct vxfp_switch *sw, struct sk_buff *skb, int ifindex);

void vxfp_port_count_drop(struct vxfp_vport *vp, unsigned int reason);

#endif /* _VXFP_DATAPATH_H */

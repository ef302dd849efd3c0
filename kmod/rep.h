/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VXFP_REP_H
#define _VXFP_REP_H

#include <linux/netdevice.h>

struct netlink_ext_ack;
struct vxfp_switch;

int vxfp_reps_create(struct vxfp_switch *sw, struct netlink_ext_ack *extack);
void vxfp_reps_kill(struct vxfp_switch *sw, struct list_head *kill_list);
bool vxfp_netdev_is_rep(const struct net_device *dev);
void vxfp_rep_rx_stats(struct net_device *rep, unsigned int len);

#endif /* _VXFP_REP_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VXFP_PF_H
#define _VXFP_PF_H

#include <linux/netdevice.h>

struct netlink_ext_ack;
struct vxfp_switch;

struct net_device *vxfp_pf_create(struct vxfp_switch *sw,
				  struct netlink_ext_ack *extack);
bool vxfp_netdev_is_pf(const struct net_device *dev);
struct vxfp_switch *vxfp_switch_from_pf(const struct net_device *dev);
void vxfp_pf_rx_stats(struct net_device *pf, unsigned int len);
int vxfp_pf_init(void);
void vxfp_pf_uninit(void);

#endif /* _VXFP_PF_H */

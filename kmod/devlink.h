/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VXFP_DEVLINK_H
#define _VXFP_DEVLINK_H

#include <net/devlink.h>

struct net_device;
struct vxfp_switch;

struct devlink *vxfp_devlink_alloc(struct vxfp_switch *sw);
int vxfp_devlink_ports_register(struct vxfp_switch *sw);
void vxfp_devlink_ports_unregister(struct vxfp_switch *sw);
int vxfp_devlink_vf_ports_register(struct vxfp_switch *sw);
void vxfp_devlink_vf_ports_unregister(struct vxfp_switch *sw);

void vxfp_devlink_port_set_netdev(struct devlink_port *port,
				  struct net_device *dev);

#endif /* _VXFP_DEVLINK_H */

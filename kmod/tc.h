/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tc flower offload: the rules of tc ingress blocks bound on the
 * representors, the PF and (indirectly) VXLAN netdevs, turned into flows
 * of the switches' fast paths.
 */
#ifndef _VXFP_TC_H
#define _VXFP_TC_H

#include <linux/netdevice.h>
#include <net/pkt_cls.h>

struct vxfp_switch;

int vxfp_tc_setup(struct net_device *dev, struct vxfp_switch *sw, u32 in_port,
		  enum tc_setup_type type, void *type_data);
int vxfp_tc_set_features(struct net_device *dev, netdev_features_t features);
void vxfp_tc_switch_release(struct vxfp_switch *sw);
bool vxfp_tc_switch_has_uplink_rules(struct vxfp_switch *sw);

int vxfp_tc_init(void);
void vxfp_tc_exit(void);

#endif /* _VXFP_TC_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VXFP_VF_H
#define _VXFP_VF_H

#include <linux/if_link.h>
#include <linux/netdevice.h>
#include <linux/vxfp.h>

struct netlink_ext_ack;
struct vxfp_vport;

/**
 * struct vxfp_port_counters - a VF port's counters, summed over the CPUs
 * @rx_packets: delivered to the VF
 * @rx_bytes: their bytes
 * @tx_packets: sent by the VF
 * @tx_bytes: their bytes
 * @drops: by enum vxfp_drop_reason
 */
struct vxfp_port_counters {
	u64 rx_packets;
	u64 rx_bytes;
	u64 tx_packets;
	u64 tx_bytes;
	u64 drops[__VXFP_DROP_MAX];
};

int vxfp_vf_create(struct vxfp_vport *vp, struct netlink_ext_ack *extack);
bool vxfp_netdev_is_vf(const struct net_device *dev);
void vxfp_vf_update_carrier(struct vxfp_vport *vp);
void vxfp_vf_follow_uplink_mtu(struct vxfp_vport *vp);

int vxfp_vf_set_mac(struct vxfp_vport *vp, const u8 *mac,
		    struct netlink_ext_ack *extack);
int vxfp_vf_set_vlan(struct vxfp_vport *vp, u16 vlan, u8 qos, __be16 proto,
		     struct netlink_ext_ack *extack);
int vxfp_vf_set_spoofchk(struct vxfp_vport *vp, bool on);
int vxfp_vf_set_trust(struct vxfp_vport *vp, bool on);
int vxfp_vf_set_link_state(struct vxfp_vport *vp, u32 state,
			   struct netlink_ext_ack *extack);
int vxfp_vf_set_rate(struct vxfp_vport *vp, u32 min_rate, u32 max_rate,
		     struct netlink_ext_ack *extack);
void vxfp_vf_get_config(const struct vxfp_vport *vp, struct ifla_vf_info *ivi);
void vxfp_vf_get_counters(const struct vxfp_vport *vp,
			  struct vxfp_port_counters *c);

#endif /* _VXFP_VF_H */

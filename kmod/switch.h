/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VXFP_SWITCH_H
#define _VXFP_SWITCH_H

#include <linux/if_ether.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/vxfp.h>

struct netlink_ext_ack;

/**
 * struct vxfp_switch - a software eSwitch over one uplink netdev
 * @list: entry in the module's list of switches, under RTNL.
 * @uplink: the netdev the switch sits on; its rx_handler is ours.
 * @pf: the PF netdev, the host's side of the switch.
 * @net: the network namespace the switch was made in (the uplink's).
 * @id: unique among the switches while the module is loaded.
 * @num_vfs: number of VFs.
 * @mode: enum vxfp_eswitch_mode; read locklessly by the datapath.
 * @base_addr: stable MAC the PF's and VFs' addresses derive from; also
 *	the switch's phys_switch_id.
 * @name: the switch's name, which its PF netdev starts out with.
 * @rcu: to free the switch after the datapath's readers are done.
 *
 * Configuration changes all happen under RTNL. The datapath reaches the
 * switch through the uplink's rx_handler_data and the PF's private data
 * under RCU (softirq), and sees the fields above only while the switch is
 * linked to those netdevs.
 */
struct vxfp_switch {
	struct list_head list;
	struct net_device *uplink;
	struct net_device *pf;
	possible_net_t net;
	u32 id;
	u32 num_vfs;
	u8 mode;
	u8 base_addr[ETH_ALEN];
	char name[VXFP_NAME_LEN];
	struct rcu_head rcu;
};

struct vxfp_switch_config {
	const char *name;
	int uplink_ifindex;
	u32 num_vfs;
	u8 mode;
};

struct vxfp_switch *vxfp_switch_create(struct net *net,
				       const struct vxfp_switch_config *cfg,
				       struct netlink_ext_ack *extack);
void vxfp_switch_destroy(struct vxfp_switch *sw);
struct vxfp_switch *vxfp_switch_find(struct net *net, const char *name,
				     u32 id);

/* Every switch of every namespace, and its change count; under RTNL. */
extern struct list_head vxfp_switches;
extern unsigned int vxfp_switches_gen;

void vxfp_switch_port_addr(const struct vxfp_switch *sw, unsigned int port,
			   u8 *addr);

int vxfp_switch_init(void);
void vxfp_switch_uninit(void);

#endif /* _VXFP_SWITCH_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VXFP_SWITCH_H
#define _VXFP_SWITCH_H

#include <linux/device.h>
#include <linux/if_ether.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/u64_stats_sync.h>
#include <linux/vxfp.h>
#include <linux/workqueue.h>
#include <net/devlink.h>

#include "flow_table.h"
#include "tunnel.h"

struct vxfp_fp_stats;

struct netlink_ext_ack;

/**
 * struct vxfp_pcpu_stats - one CPU's counters of a VF port
 * @rx_packets: delivered by the switch to the VF
 * @rx_bytes: their bytes
 * @tx_packets: sent by the VF into the switch
 * @tx_bytes: their bytes
 * @drops: packets dropped at this port, by enum vxfp_drop_reason
 * @syncp: for 64-bit reads on 32-bit hosts
 */
struct vxfp_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t drops[__VXFP_DROP_MAX];
	struct u64_stats_sync syncp;
};

/**
 * struct vxfp_vf_config - what the PF set for a VF, as with SR-IOV
 * @vlan: port VLAN id, 0 for none
 * @qos: 802.1p priority of the port VLAN
 * @vlan_proto: ETH_P_8021Q or ETH_P_8021AD, network order
 * @spoofchk: drop frames the VF sends from another MAC
 * @trust: let the VF change its own MAC
 * @mac_set: the PF gave the VF its MAC
 * @link_state: enum vxfp_vf_link_state
 * @max_tx_rate: Mbit/s, 0 for no limit
 *
 * Written under RTNL; the datapath reads it with READ_ONCE().
 */
struct vxfp_vf_config {
	u16 vlan;
	u8 qos;
	__be16 vlan_proto;
	bool spoofchk;
	bool trust;
	bool mac_set;
	u8 link_state;
	u32 max_tx_rate;
};

/**
 * struct vxfp_vport - a VF port of a switch
 * @sw: the switch
 * @vf: the VF netdev; set while the switch lives (only the switch
 *	unregisters it)
 * @rep: its representor in switchdev mode, else NULL; RCU for the
 *	datapath, RTNL for writers
 * @dl_port: the devlink port of the representor (pcivf flavour)
 * @dl_port_registered: whether @dl_port is registered; under the devlink
 *	instance lock
 * @stats: per-CPU counters
 * @cfg: the VF's configuration
 * @rate_lock: protects the token bucket of @cfg.max_tx_rate
 * @rate_tokens: bytes the VF may still send now
 * @rate_last: when @rate_tokens was last refilled, in ns
 * @addr_lock: protects @admin_addr, which devlink reads without RTNL
 * @admin_addr: the MAC the eswitch side gave the VF (its default, or the
 *	last one set through the PF or devlink)
 * @index: the VF's number, from 0
 */
struct vxfp_vport {
	struct vxfp_switch *sw;
	struct net_device *vf;
	struct net_device __rcu *rep;
	struct devlink_port dl_port;
	bool dl_port_registered;
	struct vxfp_pcpu_stats __percpu *stats;
	struct vxfp_vf_config cfg;
	spinlock_t rate_lock;		/* the token bucket */
	u64 rate_tokens;
	u64 rate_last;
	spinlock_t addr_lock;		/* admin_addr */
	u8 admin_addr[ETH_ALEN];
	u16 index;
};

/*
 * Whether a switch's indirect tc callback, which binds the VXLAN netdevs'
 * blocks for it, is registered (kmod/tc.c).
 */
enum vxfp_tc_indr_state {
	VXFP_TC_INDR_OFF,
	VXFP_TC_INDR_ON,
	VXFP_TC_INDR_FAILED,
};

/**
 * struct vxfp_switch - a software eSwitch over one uplink netdev
 * @dev: the switch's device on the vxfp bus, parent of its netdevs and
 *	of its devlink instance; its release frees the switch
 * @list: entry in vxfp_switches, under RTNL
 * @devlink: the switch's devlink instance
 * @phys_port: the devlink port of the uplink, the PF netdev's
 * @pf_port: the devlink port of the PF function (pcipf flavour)
 * @release_work: ends what cannot be ended under RTNL (devlink, device)
 * @uplink: the netdev the switch sits on; its rx_handler is ours while
 *	the switch is alive
 * @pf: the PF netdev, the host's side of the switch
 * @net: the network namespace the switch was made in (the uplink's)
 * @dead: set under RTNL once the switch's netdevs are being unregistered;
 *	nothing may be added to it from then on, nor its netdevs touched
 * @id: unique among the switches while the module is loaded
 * @num_vfs: number of VFs, fixed at creation
 * @mode: enum vxfp_eswitch_mode; written under the devlink lock and RTNL,
 *	read locklessly by the datapath
 * @base_addr: stable MAC the PF's and VFs' addresses derive from; also
 *	the switch's phys_switch_id
 * @name: the switch's name, which its PF netdev starts out with
 * @ft: the fast path's flows; used in switchdev mode only, emptied when
 *	the switch leaves it or dies
 * @tun: the fast path's tunnel endpoints and VXLAN ports
 * @fp_stats: the fast path's per-CPU counters
 * @fp_work: puts the masks the fast path hits most first, now and then
 * @tc_indr: enum vxfp_tc_indr_state of its indirect tc callback, under
 *	kmod/tc.c's vxfp_tc_indr_lock
 * @rcu: to free the switch once the datapath's readers are done
 * @vports: the VF ports
 *
 * Locks, outermost first: the switch's devlink instance lock, then RTNL.
 * The datapath reaches the switch through the uplink's rx_handler_data and
 * its netdevs' private data, under RCU in softirq context.
 */
struct vxfp_switch {
	struct device dev;
	struct list_head list;
	struct devlink *devlink;
	struct devlink_port phys_port;
	struct devlink_port pf_port;
	struct work_struct release_work;
	struct net_device *uplink;
	struct net_device *pf;
	possible_net_t net;
	bool dead;
	u32 id;
	u32 num_vfs;
	u8 mode;
	u8 base_addr[ETH_ALEN];
	char name[VXFP_NAME_LEN];
	struct vxfp_flow_table ft;
	struct vxfp_tun_table tun;
	struct vxfp_fp_stats __percpu *fp_stats;
	struct delayed_work fp_work;
	u8 tc_indr;
	struct rcu_head rcu;
	struct vxfp_vport vports[];
};

struct vxfp_switch_config {
	const char *name;
	int uplink_ifindex;
	u32 num_vfs;
	u8 mode;
};

/* Every switch of every namespace, and its change count; under RTNL. */
extern struct list_head vxfp_switches;
extern unsigned int vxfp_switches_gen;

struct vxfp_switch *vxfp_switch_create(struct net *net,
				       const struct vxfp_switch_config *cfg,
				       struct netlink_ext_ack *extack);
void vxfp_switch_kill(struct vxfp_switch *sw, struct list_head *kill_list);
void vxfp_switch_destroy_unlock(struct vxfp_switch *sw);
void vxfp_switch_release_work(struct work_struct *work);
void vxfp_switch_follow_uplink(struct vxfp_switch *sw);
struct vxfp_switch *vxfp_switch_find(struct net *net, const char *name,
				     u32 id);
int vxfp_switch_set_mode(struct vxfp_switch *sw, u8 mode,
			 struct netlink_ext_ack *extack);
struct vxfp_switch *vxfp_switch_from_dev(const struct net_device *dev);

void vxfp_switch_port_addr(const struct vxfp_switch *sw, unsigned int port,
			   u8 *addr);

int vxfp_switch_init(void);
void vxfp_switch_uninit(void);

#endif /* _VXFP_SWITCH_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Representors: in switchdev mode, one netdev per VF on the host's side,
 * where the VF's packets that no flow takes come up (the slow path, where
 * Open vSwitch sees them) and whatever is sent goes out of the VF. Named
 * and identified as mlx5 names its own: phys_port_name pf0vfN, the
 * switch's phys_switch_id, a devlink port of flavour pcivf.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "compat.h"
#include "datapath.h"
#include "devlink.h"
#include "netlink.h"
#include "rep.h"
#include "switch.h"
#include "tc.h"

#define VXFP_REP_FEATURES (NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA | \
			   NETIF_F_FRAGLIST | NETIF_F_GSO_SOFTWARE | \
			   NETIF_F_RXCSUM)

/* The representor's private data: its VF's port, for as long as it lives. */
struct vxfp_rep_priv {
	struct vxfp_vport *vp;
};

static struct vxfp_vport *vxfp_rep_vport(const struct net_device *dev)
{
	const struct vxfp_rep_priv *priv = netdev_priv(dev);

	return priv->vp;
}

static int vxfp_rep_init(struct net_device *dev)
{
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
	return 0;
}

static void vxfp_rep_uninit(struct net_device *dev)
{
	free_percpu(dev->tstats);
}

void vxfp_rep_rx_stats(struct net_device *rep, unsigned int len)
{
	dev_sw_netstats_rx_add(rep, len);
}

static netdev_tx_t vxfp_rep_xmit(struct sk_buff *skb, struct net_device *dev)
{
	dev_sw_netstats_tx_add(dev, 1, skb->len);
	vxfp_dp_rep_xmit(vxfp_rep_vport(dev), skb);
	return NETDEV_TX_OK;
}

static int vxfp_rep_open(struct net_device *dev)
{
	netif_carrier_on(dev);
	return 0;
}

static int vxfp_rep_stop(struct net_device *dev)
{
	netif_carrier_off(dev);
	return 0;
}

static int vxfp_rep_get_phys_port_name(struct net_device *dev, char *name,
				       size_t len)
{
	if (snprintf(name, len, "pf0vf%u", vxfp_rep_vport(dev)->index) >= len)
		return -EINVAL;
	return 0;
}

static int vxfp_rep_get_port_parent_id(struct net_device *dev,
				       struct netdev_phys_item_id *ppid)
{
	ppid->id_len = ETH_ALEN;
	memcpy(ppid->id, vxfp_rep_vport(dev)->sw->base_addr, ETH_ALEN);
	return 0;
}

/* tc flower rules on the representor: flows of what its VF sends. */
static int vxfp_rep_setup_tc(struct net_device *dev, enum tc_setup_type type,
			     void *type_data)
{
	struct vxfp_vport *vp = vxfp_rep_vport(dev);

	return vxfp_tc_setup(dev, vp->sw, vp->index, type, type_data);
}

static const struct net_device_ops vxfp_rep_netdev_ops = {
	.ndo_init		= vxfp_rep_init,
	.ndo_uninit		= vxfp_rep_uninit,
	.ndo_open		= vxfp_rep_open,
	.ndo_stop		= vxfp_rep_stop,
	.ndo_start_xmit		= vxfp_rep_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_get_phys_port_name	= vxfp_rep_get_phys_port_name,
	.ndo_get_port_parent_id	= vxfp_rep_get_port_parent_id,
	.ndo_setup_tc		= vxfp_rep_setup_tc,
	.ndo_set_features	= vxfp_tc_set_features,
};

bool vxfp_netdev_is_rep(const struct net_device *dev)
{
	return dev->netdev_ops == &vxfp_rep_netdev_ops;
}

static void vxfp_rep_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &vxfp_rep_netdev_ops;
	dev->needs_free_netdev = true;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	vxfp_netdev_set_lltx(dev);
	/* A representor stays with its switch, as the PF does. */
	vxfp_netdev_set_netns_local(dev);
	dev->features |= VXFP_REP_FEATURES | NETIF_F_HW_TC;
	dev->hw_features |= VXFP_REP_FEATURES | NETIF_F_HW_TC;
	dev->max_mtu = ETH_MAX_MTU;
	eth_hw_addr_random(dev);
}

static int vxfp_rep_create(struct vxfp_vport *vp,
			   struct netlink_ext_ack *extack)
{
	struct vxfp_switch *sw = vp->sw;
	struct vxfp_rep_priv *priv;
	unsigned char assign = NET_NAME_PREDICTABLE;
	char name[IFNAMSIZ];
	struct net_device *dev;
	int err;

	if (snprintf(name, IFNAMSIZ, "%s_%u", sw->name, vp->index) >=
	    IFNAMSIZ) {
		strscpy(name, "vxfprep%d", IFNAMSIZ);
		assign = NET_NAME_ENUM;
	}
	dev = alloc_netdev(sizeof(*priv), name, assign, vxfp_rep_setup);
	if (!dev)
		return -ENOMEM;
	priv = netdev_priv(dev);
	priv->vp = vp;
	dev_net_set(dev, read_pnet(&sw->net));
	vxfp_devlink_port_set_netdev(&vp->dl_port, dev);
	/* Off until opened, so the operstate follows from the first open. */
	netif_carrier_off(dev);

	err = register_netdevice(dev);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "Cannot register a representor");
		free_netdev(dev);
		return err;
	}
	rcu_assign_pointer(vp->rep, dev);
	vxfp_genl_notify_port(vp, VXFP_CMD_PORT_NEW);
	return 0;
}

/**
 * vxfp_reps_create - make a representor for every VF
 * @sw: the switch, with the VFs' devlink ports registered
 * @extack: where to say why not
 *
 * On failure, those made are left for vxfp_reps_kill().
 *
 * Context: RTNL held.
 */
int vxfp_reps_create(struct vxfp_switch *sw, struct netlink_ext_ack *extack)
{
	int err;
	u32 i;

	ASSERT_RTNL();
	for (i = 0; i < sw->num_vfs; i++) {
		err = vxfp_rep_create(&sw->vports[i], extack);
		if (err)
			return err;
	}
	return 0;
}

/**
 * vxfp_reps_kill - queue the representors for unregistering
 * @sw: the switch
 * @kill_list: for unregister_netdevice_many()
 *
 * The datapath stops finding them at once; they go with the next
 * unregister_netdevice_many(), which waits for its readers.
 *
 * Context: RTNL held.
 */
void vxfp_reps_kill(struct vxfp_switch *sw, struct list_head *kill_list)
{
	struct net_device *rep;
	u32 i;

	ASSERT_RTNL();
	for (i = 0; i < sw->num_vfs; i++) {
		struct vxfp_vport *vp = &sw->vports[i];

		rep = rtnl_dereference(vp->rep);
		if (!rep)
			continue;
		vxfp_genl_notify_port(vp, VXFP_CMD_PORT_DEL);
		RCU_INIT_POINTER(vp->rep, NULL);
		unregister_netdevice_queue(rep, kill_list);
	}
}

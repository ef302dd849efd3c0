// SPDX-License-Identifier: GPL-2.0
/*
 * The PF netdev: the host's side of a switch, stacked over the uplink the
 * way macvlan is. What the host sends on it leaves through the uplink; what
 * the switch hands it from the uplink comes up its stack. In switchdev mode
 * it is also the uplink's representor.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/u64_stats_sync.h>
#include <net/rtnetlink.h>

#include "compat.h"
#include "datapath.h"
#include "devlink.h"
#include "pf.h"
#include "switch.h"
#include "tc.h"
#include "vf.h"

#define VXFP_PF_FEATURES (NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA | \
			  NETIF_F_FRAGLIST | NETIF_F_GSO_SOFTWARE | \
			  NETIF_F_RXCSUM)

/**
 * struct vxfp_pf - private data of a PF netdev
 * @sw: the switch; set before the netdev is registered and valid until
 *	it is unregistered, so any ndo may use it.
 */
struct vxfp_pf {
	struct vxfp_switch *sw;
};

static struct net_device *vxfp_pf_uplink(const struct net_device *dev)
{
	const struct vxfp_pf *pf = netdev_priv(dev);

	return pf->sw->uplink;
}

static int vxfp_pf_dev_init(struct net_device *dev)
{
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
	return 0;
}

static void vxfp_pf_dev_uninit(struct net_device *dev)
{
	free_percpu(dev->tstats);
}

static int vxfp_pf_open(struct net_device *dev)
{
	struct net_device *uplink = vxfp_pf_uplink(dev);
	int err;

	/* Let the uplink's unicast filter pass what is ours. */
	if (!ether_addr_equal(dev->dev_addr, uplink->dev_addr)) {
		err = dev_uc_add(uplink, dev->dev_addr);
		if (err)
			return err;
	}
	if (dev->flags & IFF_ALLMULTI) {
		err = dev_set_allmulti(uplink, 1);
		if (err)
			goto err_uc_del;
	}
	if (dev->flags & IFF_PROMISC) {
		err = dev_set_promiscuity(uplink, 1);
		if (err)
			goto err_allmulti;
	}
	return 0;

err_allmulti:
	if (dev->flags & IFF_ALLMULTI)
		dev_set_allmulti(uplink, -1);
err_uc_del:
	if (!ether_addr_equal(dev->dev_addr, uplink->dev_addr))
		dev_uc_del(uplink, dev->dev_addr);
	return err;
}

static int vxfp_pf_stop(struct net_device *dev)
{
	struct net_device *uplink = vxfp_pf_uplink(dev);

	dev_uc_unsync(uplink, dev);
	dev_mc_unsync(uplink, dev);
	if (dev->flags & IFF_ALLMULTI)
		dev_set_allmulti(uplink, -1);
	if (dev->flags & IFF_PROMISC)
		dev_set_promiscuity(uplink, -1);
	if (!ether_addr_equal(dev->dev_addr, uplink->dev_addr))
		dev_uc_del(uplink, dev->dev_addr);
	return 0;
}

static netdev_tx_t vxfp_pf_xmit(struct sk_buff *skb, struct net_device *dev)
{
	const struct vxfp_pf *pf = netdev_priv(dev);

	dev_sw_netstats_tx_add(dev, 1, skb->len);
	vxfp_dp_pf_xmit(pf->sw, skb);
	return NETDEV_TX_OK;
}

static void vxfp_pf_change_rx_flags(struct net_device *dev, int change)
{
	struct net_device *uplink = vxfp_pf_uplink(dev);

	if (!(dev->flags & IFF_UP))
		return;
	if (change & IFF_ALLMULTI)
		dev_set_allmulti(uplink, dev->flags & IFF_ALLMULTI ? 1 : -1);
	if (change & IFF_PROMISC)
		dev_set_promiscuity(uplink, dev->flags & IFF_PROMISC ? 1 : -1);
}

static void vxfp_pf_set_rx_mode(struct net_device *dev)
{
	struct net_device *uplink = vxfp_pf_uplink(dev);

	dev_uc_sync(uplink, dev);
	dev_mc_sync(uplink, dev);
}

static int vxfp_pf_set_mac_address(struct net_device *dev, void *p)
{
	struct net_device *uplink = vxfp_pf_uplink(dev);
	struct sockaddr *addr = p;
	int err;

	if (!is_valid_ether_addr(addr->sa_data))
		return -EADDRNOTAVAIL;
	if (!(dev->flags & IFF_UP)) {
		eth_hw_addr_set(dev, addr->sa_data);
		return 0;
	}
	err = dev_uc_add(uplink, addr->sa_data);
	if (err)
		return err;
	dev_uc_del(uplink, dev->dev_addr);
	eth_hw_addr_set(dev, addr->sa_data);
	return 0;
}

static int vxfp_pf_change_mtu(struct net_device *dev, int new_mtu)
{
	if (new_mtu > vxfp_pf_uplink(dev)->mtu)
		return -EINVAL;
	dev->mtu = new_mtu;
	return 0;
}

static int vxfp_pf_get_iflink(const struct net_device *dev)
{
	return vxfp_pf_uplink(dev)->ifindex;
}

static int vxfp_pf_get_phys_port_name(struct net_device *dev, char *name,
				      size_t len)
{
	if (snprintf(name, len, "p0") >= len)
		return -EINVAL;
	return 0;
}

static int vxfp_pf_get_port_parent_id(struct net_device *dev,
				      struct netdev_phys_item_id *ppid)
{
	const struct vxfp_pf *pf = netdev_priv(dev);

	ppid->id_len = ETH_ALEN;
	memcpy(ppid->id, pf->sw->base_addr, ETH_ALEN);
	return 0;
}

/*
 * VF settings through the PF, as on an SR-IOV NIC: `ip link set PF vf N`.
 * The core calls these under RTNL.
 */
static struct vxfp_vport *vxfp_pf_vport(struct net_device *dev, int vf)
{
	const struct vxfp_pf *pf = netdev_priv(dev);

	if (vf < 0 || vf >= pf->sw->num_vfs)
		return NULL;
	return &pf->sw->vports[vf];
}

static int vxfp_pf_set_vf_mac(struct net_device *dev, int vf, u8 *mac)
{
	struct vxfp_vport *vp = vxfp_pf_vport(dev, vf);

	return vp ? vxfp_vf_set_mac(vp, mac, NULL) : -EINVAL;
}

static int vxfp_pf_set_vf_vlan(struct net_device *dev, int vf, u16 vlan,
			       u8 qos, __be16 proto)
{
	struct vxfp_vport *vp = vxfp_pf_vport(dev, vf);

	return vp ? vxfp_vf_set_vlan(vp, vlan, qos, proto, NULL) : -EINVAL;
}

static int vxfp_pf_set_vf_rate(struct net_device *dev, int vf, int min_rate,
			       int max_rate)
{
	struct vxfp_vport *vp = vxfp_pf_vport(dev, vf);

	if (!vp || min_rate < 0 || max_rate < 0)
		return -EINVAL;
	return vxfp_vf_set_rate(vp, min_rate, max_rate, NULL);
}

static int vxfp_pf_set_vf_spoofchk(struct net_device *dev, int vf, bool on)
{
	struct vxfp_vport *vp = vxfp_pf_vport(dev, vf);

	return vp ? vxfp_vf_set_spoofchk(vp, on) : -EINVAL;
}

static int vxfp_pf_set_vf_trust(struct net_device *dev, int vf, bool on)
{
	struct vxfp_vport *vp = vxfp_pf_vport(dev, vf);

	return vp ? vxfp_vf_set_trust(vp, on) : -EINVAL;
}

static int vxfp_pf_set_vf_link_state(struct net_device *dev, int vf,
				     int state)
{
	struct vxfp_vport *vp = vxfp_pf_vport(dev, vf);

	if (!vp || state < 0)
		return -EINVAL;
	return vxfp_vf_set_link_state(vp, state, NULL);
}

static int vxfp_pf_get_vf_config(struct net_device *dev, int vf,
				 struct ifla_vf_info *ivi)
{
	struct vxfp_vport *vp = vxfp_pf_vport(dev, vf);

	if (!vp)
		return -EINVAL;
	vxfp_vf_get_config(vp, ivi);
	return 0;
}

static int vxfp_pf_get_vf_stats(struct net_device *dev, int vf,
				struct ifla_vf_stats *vf_stats)
{
	struct vxfp_vport *vp = vxfp_pf_vport(dev, vf);
	struct vxfp_port_counters c;
	unsigned int i;

	if (!vp)
		return -EINVAL;
	vxfp_vf_get_counters(vp, &c);
	memset(vf_stats, 0, sizeof(*vf_stats));
	vf_stats->rx_packets = c.rx_packets;
	vf_stats->rx_bytes = c.rx_bytes;
	vf_stats->tx_packets = c.tx_packets;
	vf_stats->tx_bytes = c.tx_bytes;
	for (i = 0; i < __VXFP_DROP_MAX; i++)
		vf_stats->tx_dropped += c.drops[i];
	return 0;
}

/* tc flower rules on the PF, the uplink's representor: flows of the wire's. */
static int vxfp_pf_setup_tc(struct net_device *dev, enum tc_setup_type type,
			    void *type_data)
{
	const struct vxfp_pf *pf = netdev_priv(dev);

	return vxfp_tc_setup(dev, pf->sw, VXFP_FLOW_PORT_UPLINK, type,
			     type_data);
}

static const struct net_device_ops vxfp_pf_netdev_ops = {
	.ndo_init		= vxfp_pf_dev_init,
	.ndo_uninit		= vxfp_pf_dev_uninit,
	.ndo_open		= vxfp_pf_open,
	.ndo_stop		= vxfp_pf_stop,
	.ndo_start_xmit		= vxfp_pf_xmit,
	.ndo_change_rx_flags	= vxfp_pf_change_rx_flags,
	.ndo_set_rx_mode	= vxfp_pf_set_rx_mode,
	.ndo_set_mac_address	= vxfp_pf_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_change_mtu		= vxfp_pf_change_mtu,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_get_iflink		= vxfp_pf_get_iflink,
	.ndo_get_phys_port_name	= vxfp_pf_get_phys_port_name,
	.ndo_get_port_parent_id	= vxfp_pf_get_port_parent_id,
	.ndo_set_vf_mac		= vxfp_pf_set_vf_mac,
	.ndo_set_vf_vlan	= vxfp_pf_set_vf_vlan,
	.ndo_set_vf_rate	= vxfp_pf_set_vf_rate,
	.ndo_set_vf_spoofchk	= vxfp_pf_set_vf_spoofchk,
	.ndo_set_vf_trust	= vxfp_pf_set_vf_trust,
	.ndo_set_vf_link_state	= vxfp_pf_set_vf_link_state,
	.ndo_get_vf_config	= vxfp_pf_get_vf_config,
	.ndo_get_vf_stats	= vxfp_pf_get_vf_stats,
	.ndo_setup_tc		= vxfp_pf_setup_tc,
	.ndo_set_features	= vxfp_tc_set_features,
};

bool vxfp_netdev_is_pf(const struct net_device *dev)
{
	return dev->netdev_ops == &vxfp_pf_netdev_ops;
}

/**
 * vxfp_switch_from_pf - the switch a netdev is the PF of
 * @dev: a netdev
 *
 * Context: any, with @dev registered (or being unregistered) or found
 * under RCU among its namespace's netdevs: the switch is released after
 * its PF is unregistered (its neighbours flushed, a grace period gone),
 * not when the PF's memory is freed, which may be later.
 * Return: the switch, or NULL if @dev is no vxfp PF.
 */
struct vxfp_switch *vxfp_switch_from_pf(const struct net_device *dev)
{
	const struct vxfp_pf *pf;

	if (!vxfp_netdev_is_pf(dev))
		return NULL;
	pf = netdev_priv(dev);
	return pf->sw;
}

void vxfp_pf_rx_stats(struct net_device *pf, unsigned int len)
{
	dev_sw_netstats_rx_add(pf, len);
}

/* `ip link add type vxfp` cannot make a switch: nlctl does. */
static int vxfp_pf_validate(struct nlattr *tb[], struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG_MOD(extack, "Switches are made with nlctl switch add");
	return -EOPNOTSUPP;
}

/* `ip link del PF`, the PF's namespace going, the module going. */
static void vxfp_pf_dellink(struct net_device *dev, struct list_head *head)
{
	const struct vxfp_pf *pf = netdev_priv(dev);

	vxfp_switch_kill(pf->sw, head);
}

static struct rtnl_link_ops vxfp_pf_link_ops __read_mostly = {
	.kind		= "vxfp",
	.validate	= vxfp_pf_validate,
	.dellink	= vxfp_pf_dellink,
};

int __init vxfp_pf_init(void)
{
	return rtnl_link_register(&vxfp_pf_link_ops);
}

/* Ends every switch there is, through vxfp_pf_dellink(). */
void vxfp_pf_uninit(void)
{
	rtnl_link_unregister(&vxfp_pf_link_ops);
}

static void vxfp_pf_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &vxfp_pf_netdev_ops;
	dev->needs_free_netdev = true;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	vxfp_netdev_set_lltx(dev);
	/* The PF stays with its switch, in the uplink's namespace. */
	vxfp_netdev_set_netns_local(dev);
}

/**
 * vxfp_pf_create - make and register the PF netdev of a switch
 * @sw: the switch, with its name, uplink, net and base address set
 * @extack: where to say why it failed
 *
 * Context: RTNL held.
 * Return: the registered PF netdev, or an ERR_PTR().
 */
struct net_device *vxfp_pf_create(struct vxfp_switch *sw,
				  struct netlink_ext_ack *extack)
{
	struct net_device *uplink = sw->uplink;
	struct net_device *dev;
	struct vxfp_pf *pf;
	u8 addr[ETH_ALEN];
	int err;

	ASSERT_RTNL();

	dev = alloc_netdev(sizeof(*pf), sw->name, NET_NAME_USER,
			   vxfp_pf_setup);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	pf = netdev_priv(dev);
	pf->sw = sw;
	dev_net_set(dev, read_pnet(&sw->net));
	/* Its parent tells `ip link` how many VFs to list. */
	SET_NETDEV_DEV(dev, &sw->dev);
	dev->rtnl_link_ops = &vxfp_pf_link_ops;
	vxfp_devlink_port_set_netdev(&sw->phys_port, dev);
	/* Off until the uplink's is transferred, so the operstate follows. */
	netif_carrier_off(dev);

	vxfp_switch_port_addr(sw, 0, addr);
	eth_hw_addr_set(dev, addr);
	dev->addr_assign_type = NET_ADDR_SET;
	dev->mtu = uplink->mtu;
	dev->features |= (uplink->features & VXFP_PF_FEATURES) | NETIF_F_HW_TC;
	dev->hw_features |= VXFP_PF_FEATURES | NETIF_F_HW_TC;
	dev->vlan_features = uplink->vlan_features & VXFP_PF_FEATURES;
	netif_inherit_tso_max(dev, uplink);

	err = register_netdevice(dev);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "Cannot register the PF netdev");
		/* needs_free_netdev only applies once registered. */
		free_netdev(dev);
		return ERR_PTR(err);
	}
	return dev;
}

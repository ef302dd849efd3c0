// SPDX-License-Identifier: GPL-2.0
/*
 * VF netdevs, the ones handed to containers and VMs, and their settings as
 * the PF makes them: MAC, port VLAN, spoof check, trust, link state and
 * rate, as `ip link set PF vf N ...` does on an SR-IOV NIC.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/vxlan.h>

#include "compat.h"
#include "datapath.h"
#include "switch.h"
#include "vf.h"

#define VXFP_VF_FEATURES (NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA | \
			  NETIF_F_FRAGLIST | NETIF_F_GSO_SOFTWARE | \
			  NETIF_F_RXCSUM | NETIF_F_HW_VLAN_CTAG_TX | \
			  NETIF_F_HW_VLAN_STAG_TX)

/* The VF netdev's private data: its port, for as long as it lives. */
struct vxfp_vf_priv {
	struct vxfp_vport *vp;
};

static struct vxfp_vport *vxfp_vf_vport(const struct net_device *dev)
{
	const struct vxfp_vf_priv *priv = netdev_priv(dev);

	return priv->vp;
}

static netdev_tx_t vxfp_vf_xmit(struct sk_buff *skb, struct net_device *dev)
{
	vxfp_dp_vf_xmit(vxfp_vf_vport(dev), skb);
	return NETDEV_TX_OK;
}

void vxfp_vf_get_counters(const struct vxfp_vport *vp,
			  struct vxfp_port_counters *c)
{
	unsigned int start, i;
	int cpu;

	memset(c, 0, sizeof(*c));
	for_each_possible_cpu(cpu) {
		const struct vxfp_pcpu_stats *st = per_cpu_ptr(vp->stats, cpu);
		u64 rxp, rxb, txp, txb, drops[__VXFP_DROP_MAX];

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			rxp = u64_stats_read(&st->rx_packets);
			rxb = u64_stats_read(&st->rx_bytes);
			txp = u64_stats_read(&st->tx_packets);
			txb = u64_stats_read(&st->tx_bytes);
			for (i = 0; i < __VXFP_DROP_MAX; i++)
				drops[i] = u64_stats_read(&st->drops[i]);
		} while (u64_stats_fetch_retry(&st->syncp, start));

		c->rx_packets += rxp;
		c->rx_bytes += rxb;
		c->tx_packets += txp;
		c->tx_bytes += txb;
		for (i = 0; i < __VXFP_DROP_MAX; i++)
			c->drops[i] += drops[i];
	}
}

static void vxfp_vf_get_stats64(struct net_device *dev,
				struct rtnl_link_stats64 *stats)
{
	struct vxfp_port_counters c;
	unsigned int i;

	vxfp_vf_get_counters(vxfp_vf_vport(dev), &c);
	stats->rx_packets = c.rx_packets;
	stats->rx_bytes = c.rx_bytes;
	stats->tx_packets = c.tx_packets;
	stats->tx_bytes = c.tx_bytes;
	/* What the VF sent and the switch dropped. */
	for (i = 0; i < __VXFP_DROP_MAX; i++)
		stats->tx_dropped += c.drops[i];
}

static int vxfp_vf_set_mac_address(struct net_device *dev, void *p)
{
	const struct vxfp_vport *vp = vxfp_vf_vport(dev);

	/* A MAC the PF gave may only be changed by a trusted VF. */
	if (vp->cfg.mac_set && !vp->cfg.trust)
		return -EPERM;
	return eth_mac_addr(dev, p);
}

static int vxfp_vf_change_mtu(struct net_device *dev, int new_mtu)
{
	if (new_mtu > vxfp_vf_vport(dev)->sw->uplink->mtu)
		return -EINVAL;
	dev->mtu = new_mtu;
	return 0;
}

static int vxfp_vf_open(struct net_device *dev)
{
	vxfp_vf_update_carrier(vxfp_vf_vport(dev));
	return 0;
}

static int vxfp_vf_stop(struct net_device *dev)
{
	return 0;
}

static const struct net_device_ops vxfp_vf_netdev_ops = {
	.ndo_open		= vxfp_vf_open,
	.ndo_stop		= vxfp_vf_stop,
	.ndo_start_xmit		= vxfp_vf_xmit,
	.ndo_get_stats64	= vxfp_vf_get_stats64,
	.ndo_set_mac_address	= vxfp_vf_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_change_mtu		= vxfp_vf_change_mtu,
};

bool vxfp_netdev_is_vf(const struct net_device *dev)
{
	return dev->netdev_ops == &vxfp_vf_netdev_ops;
}

static void vxfp_vf_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &vxfp_vf_netdev_ops;
	dev->needs_free_netdev = true;
	dev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	vxfp_netdev_set_lltx(dev);
	dev->features |= VXFP_VF_FEATURES;
	dev->hw_features |= VXFP_VF_FEATURES;
	dev->vlan_features |= VXFP_VF_FEATURES & ~(NETIF_F_HW_VLAN_CTAG_TX |
						   NETIF_F_HW_VLAN_STAG_TX);
	dev->max_mtu = ETH_MAX_MTU;
}

/*
 * VF carrier: as the PF set it, or (auto) as the uplink's. Context: RTNL.
 */
void vxfp_vf_update_carrier(struct vxfp_vport *vp)
{
	bool up;

	switch (vp->cfg.link_state) {
	case VXFP_VF_LINK_ENABLE:
		up = true;
		break;
	case VXFP_VF_LINK_DISABLE:
		up = false;
		break;
	default:
		up = netif_carrier_ok(vp->sw->uplink);
		break;
	}
	if (up)
		netif_carrier_on(vp->vf);
	else
		netif_carrier_off(vp->vf);
}

/*
 * A VF's MTU by default: room left in the uplink's for VXLAN over IPv4,
 * 50 bytes (outer Ethernet, IPv4, UDP, VXLAN), as on an OVS/VXLAN host.
 */
#define VXFP_VXLAN_OVERHEAD	(ETH_HLEN + sizeof(struct iphdr) + VXLAN_HLEN)

static unsigned int vxfp_vf_default_mtu(const struct net_device *uplink)
{
	return max_t(int, ETH_MIN_MTU, uplink->mtu - VXFP_VXLAN_OVERHEAD);
}

/* The uplink's MTU went down: no VF may send more than it carries. */
void vxfp_vf_follow_uplink_mtu(struct vxfp_vport *vp)
{
	unsigned int mtu = vxfp_vf_default_mtu(vp->sw->uplink);

	if (vp->vf->mtu > mtu && dev_set_mtu(vp->vf, mtu))
		netdev_warn(vp->vf, "cannot follow uplink MTU\n");
}

/*
 * What a VF asks senders to leave in front of its frames: the fast path
 * may put VXLAN over IPv6 and a VLAN tag there (the inner tag becomes
 * part of the frame), then the uplink's own header. Without it, a packet
 * built for the VF's header alone (UDP, pktgen, forwarded traffic) has
 * its head reallocated and copied by every encapsulation; TCP leaves room
 * enough anyway.
 */
static unsigned short vxfp_vf_headroom(const struct net_device *uplink)
{
	return sizeof(struct ipv6hdr) + VXLAN_HLEN + VLAN_HLEN +
	       LL_RESERVED_SPACE(uplink);
}

static void vxfp_vf_name(const struct vxfp_vport *vp, char *name,
			 unsigned char *assign)
{
	*assign = NET_NAME_PREDICTABLE;
	if (snprintf(name, IFNAMSIZ, "%sv%u", vp->sw->name, vp->index) <
	    IFNAMSIZ)
		return;
	strscpy(name, "vxfpvf%d", IFNAMSIZ);
	*assign = NET_NAME_ENUM;
}

/**
 * vxfp_vf_create - make and register a VF netdev
 * @vp: its port, with @vp->sw and @vp->index set
 * @extack: where to say why not
 *
 * Context: RTNL held.
 */
int vxfp_vf_create(struct vxfp_vport *vp, struct netlink_ext_ack *extack)
{
	struct vxfp_switch *sw = vp->sw;
	struct vxfp_vf_priv *priv;
	unsigned char assign;
	char name[IFNAMSIZ];
	struct net_device *dev;
	u8 addr[ETH_ALEN];
	int err;

	ASSERT_RTNL();

	vxfp_vf_name(vp, name, &assign);
	dev = alloc_netdev(sizeof(*priv), name, assign, vxfp_vf_setup);
	if (!dev)
		return -ENOMEM;
	priv = netdev_priv(dev);
	priv->vp = vp;
	dev_net_set(dev, read_pnet(&sw->net));

	spin_lock_bh(&vp->addr_lock);
	ether_addr_copy(addr, vp->admin_addr);
	spin_unlock_bh(&vp->addr_lock);
	eth_hw_addr_set(dev, addr);
	dev->addr_assign_type = NET_ADDR_SET;
	dev->mtu = vxfp_vf_default_mtu(sw->uplink);
	dev->needed_headroom = vxfp_vf_headroom(sw->uplink);
	netif_carrier_off(dev);

	err = register_netdevice(dev);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "Cannot register a VF netdev");
		free_netdev(dev);
		return err;
	}
	vp->vf = dev;
	vxfp_vf_update_carrier(vp);
	return 0;
}

/*
 * The settings, as the PF makes them (ndo_set_vf_*, VXFP_CMD_PORT_SET,
 * devlink port function). Context: RTNL held.
 */

int vxfp_vf_set_mac(struct vxfp_vport *vp, const u8 *mac,
		    struct netlink_ext_ack *extack)
{
	u8 addr[ETH_ALEN];

	ASSERT_RTNL();
	if (!is_zero_ether_addr(mac) && !is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG_MOD(extack, "VF MAC must be a unicast address");
		return -EINVAL;
	}
	/* Unset (all zeroes): back to the VF's own address. */
	vp->cfg.mac_set = !is_zero_ether_addr(mac);
	if (!vp->cfg.mac_set) {
		vxfp_switch_port_addr(vp->sw, vp->index + 1, addr);
		mac = addr;
	}
	spin_lock_bh(&vp->addr_lock);
	ether_addr_copy(vp->admin_addr, mac);
	spin_unlock_bh(&vp->addr_lock);
	if (ether_addr_equal(vp->vf->dev_addr, mac))
		return 0;
	eth_hw_addr_set(vp->vf, mac);
	call_netdevice_notifiers(NETDEV_CHANGEADDR, vp->vf);
	return 0;
}

int vxfp_vf_set_vlan(struct vxfp_vport *vp, u16 vlan, u8 qos, __be16 proto,
		     struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();
	if (vlan >= VLAN_VID_MASK || qos > 7) {
		NL_SET_ERR_MSG_MOD(extack, "VLAN id must be below 4095, QoS below 8");
		return -EINVAL;
	}
	if (!vlan && qos) {
		NL_SET_ERR_MSG_MOD(extack, "QoS needs a VLAN id");
		return -EINVAL;
	}
	if (proto != htons(ETH_P_8021Q) && proto != htons(ETH_P_8021AD)) {
		NL_SET_ERR_MSG_MOD(extack, "VLAN protocol must be 802.1Q or 802.1ad");
		return -EPROTONOSUPPORT;
	}
	WRITE_ONCE(vp->cfg.vlan_proto, proto);
	WRITE_ONCE(vp->cfg.qos, qos);
	WRITE_ONCE(vp->cfg.vlan, vlan);
	return 0;
}

int vxfp_vf_set_spoofchk(struct vxfp_vport *vp, bool on)
{
	ASSERT_RTNL();
	WRITE_ONCE(vp->cfg.spoofchk, on);
	return 0;
}

int vxfp_vf_set_trust(struct vxfp_vport *vp, bool on)
{
	ASSERT_RTNL();
	WRITE_ONCE(vp->cfg.trust, on);
	return 0;
}

int vxfp_vf_set_link_state(struct vxfp_vport *vp, u32 state,
			   struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();
	if (state > VXFP_VF_LINK_DISABLE) {
		NL_SET_ERR_MSG_MOD(extack, "Unknown VF link state");
		return -EINVAL;
	}
	WRITE_ONCE(vp->cfg.link_state, state);
	vxfp_vf_update_carrier(vp);
	return 0;
}

int vxfp_vf_set_rate(struct vxfp_vport *vp, u32 min_rate, u32 max_rate,
		     struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();
	if (min_rate) {
		NL_SET_ERR_MSG_MOD(extack, "A minimum VF rate is not supported");
		return -EOPNOTSUPP;
	}
	spin_lock_bh(&vp->rate_lock);
	vp->rate_tokens = 0;
	vp->rate_last = ktime_get_ns();
	spin_unlock_bh(&vp->rate_lock);
	WRITE_ONCE(vp->cfg.max_tx_rate, max_rate);
	return 0;
}

void vxfp_vf_get_config(const struct vxfp_vport *vp, struct ifla_vf_info *ivi)
{
	ivi->vf = vp->index;
	ether_addr_copy(ivi->mac, vp->vf->dev_addr);
	ivi->vlan = vp->cfg.vlan;
	ivi->qos = vp->cfg.qos;
	ivi->vlan_proto = vp->cfg.vlan_proto;
	ivi->spoofchk = vp->cfg.spoofchk;
	ivi->trusted = vp->cfg.trust;
	ivi->linkstate = vp->cfg.link_state;
	ivi->max_tx_rate = vp->cfg.max_tx_rate;
	ivi->min_tx_rate = 0;
}

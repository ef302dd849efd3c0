// SPDX-License-Identifier: GPL-2.0
/*
 * The switch's datapath without flows: where a packet goes from each of
 * its ports, in each eswitch mode.
 *
 * Legacy mode switches on destination MAC and VLAN, as an SR-IOV NIC's
 * embedded bridge does: between the wire (the uplink), the PF and the VFs;
 * a VF's port VLAN is pushed on what it sends and popped from what it gets,
 * and its spoof check and rate limit apply.
 *
 * Switchdev mode first offers what a VF sends and what arrives on the
 * uplink to the fast path (fastpath.c), whose flows decide where it goes.
 * What no flow matches takes the slow path: what a VF sends goes up its
 * representor (where OVS sees it), what arrives on the uplink to the PF
 * (the uplink's representor). What is sent on a representor comes out of
 * its VF, and what the PF sends out of the uplink.
 *
 * Every function here runs with BH disabled, under RCU: the uplink's
 * rx_handler in softirq, the netdevs' ndo_start_xmit under
 * rcu_read_lock_bh(). Packets given to them are always consumed.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ktime.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "datapath.h"
#include "fastpath.h"
#include "pf.h"
#include "rep.h"
#include "switch.h"

void vxfp_port_count_drop(struct vxfp_vport *vp, unsigned int reason)
{
	struct vxfp_pcpu_stats *st = this_cpu_ptr(vp->stats);

	u64_stats_update_begin(&st->syncp);
	u64_stats_inc(&st->drops[reason]);
	u64_stats_update_end(&st->syncp);
}

static void vxfp_port_drop(struct vxfp_vport *vp, struct sk_buff *skb,
			   unsigned int reason)
{
	vxfp_port_count_drop(vp, reason);
	kfree_skb(skb);
}

static void vxfp_port_count(struct vxfp_vport *vp, bool rx, unsigned int len)
{
	struct vxfp_pcpu_stats *st = this_cpu_ptr(vp->stats);

	u64_stats_update_begin(&st->syncp);
	if (rx) {
		u64_stats_inc(&st->rx_packets);
		u64_stats_add(&st->rx_bytes, len);
	} else {
		u64_stats_inc(&st->tx_packets);
		u64_stats_add(&st->tx_bytes, len);
	}
	u64_stats_update_end(&st->syncp);
}

/* Hand a frame, data at its MAC header, to a netdev's receive path. */
static int vxfp_forward(struct net_device *dev, struct sk_buff *skb)
{
	return dev_forward_skb(dev, skb);
}

static bool vxfp_vf_link_up(const struct vxfp_vport *vp)
{
	return READ_ONCE(vp->cfg.link_state) != VXFP_VF_LINK_DISABLE &&
	       netif_running(vp->vf) && netif_carrier_ok(vp->vf);
}

/* Give a VF what the switch has for it; data at the MAC header. */
static void vxfp_vf_deliver(struct vxfp_vport *vp, struct sk_buff *skb)
{
	unsigned int len = skb->len;

	if (!vxfp_vf_link_up(vp))
		return vxfp_port_drop(vp, skb, VXFP_DROP_LINK_DOWN);
	if (!is_skb_forwardable(vp->vf, skb))
		return vxfp_port_drop(vp, skb, VXFP_DROP_TOO_BIG);
	if (vxfp_forward(vp->vf, skb) == NET_RX_SUCCESS)
		vxfp_port_count(vp, true, len);
}

static void vxfp_pf_deliver(struct vxfp_switch *sw, struct sk_buff *skb)
{
	unsigned int len = skb->len;

	if (vxfp_forward(sw->pf, skb) == NET_RX_SUCCESS)
		vxfp_pf_rx_stats(sw->pf, len);
}

static void vxfp_uplink_xmit(struct vxfp_switch *sw, struct sk_buff *skb)
{
	struct net_device *uplink = sw->uplink;

	skb_scrub_packet(skb, !net_eq(dev_net(skb->dev), dev_net(uplink)));
	/* A received packet's sum means nothing on the way out. */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	skb->dev = uplink;
	dev_queue_xmit(skb);
}

/* Up a VF's representor: the slow path, to whoever listens there. */
static void vxfp_rep_deliver(struct vxfp_vport *vp, struct sk_buff *skb)
{
	struct net_device *rep = rcu_dereference_bh(vp->rep);
	unsigned int len = skb->len;

	if (!rep || !netif_running(rep))
		return vxfp_port_drop(vp, skb, VXFP_DROP_LINK_DOWN);
	if (vxfp_forward(rep, skb) == NET_RX_SUCCESS)
		vxfp_rep_rx_stats(rep, len);
}

/*
 * Where the fast path sends packets: data at the MAC header, consumed.
 */
void vxfp_dp_to_vf(struct vxfp_vport *vp, struct sk_buff *skb)
{
	vxfp_vf_deliver(vp, skb);
}

void vxfp_dp_to_rep(struct vxfp_vport *vp, struct sk_buff *skb)
{
	vxfp_rep_deliver(vp, skb);
}

void vxfp_dp_to_pf(struct vxfp_switch *sw, struct sk_buff *skb)
{
	if (!netif_running(sw->pf)) {
		dev_core_stats_rx_dropped_inc(sw->pf);
		kfree_skb(skb);
		return;
	}
	vxfp_pf_deliver(sw, skb);
}

/**
 * vxfp_dp_to_host - give a netdev of the switch's namespace a packet
 * @sw: the switch
 * @skb: the packet, data at the MAC header; consumed unless -ENODEV
 * @ifindex: the netdev's
 *
 * As received by the netdev, as PACKET_HOST whatever its destination
 * MAC: what tc's skbedit ptype host and mirred ingress do for Open
 * vSwitch's internal ports.
 *
 * Return: 0, or -ENODEV if there is no such netdev or it is down.
 */
int vxfp_dp_to_host(struct vxfp_switch *sw, struct sk_buff *skb, int ifindex)
{
	struct net_device *dev;

	dev = dev_get_by_index_rcu(read_pnet(&sw->net), ifindex);
	if (!dev || !netif_running(dev))
		return -ENODEV;
	if (__dev_forward_skb(dev, skb))
		return 0;
	skb->pkt_type = PACKET_HOST;
	netif_rx(skb);
	return 0;
}

void vxfp_dp_to_uplink(struct vxfp_switch *sw, struct sk_buff *skb)
{
	vxfp_uplink_xmit(sw, skb);
}

/* Whether a frame, by its VLAN, is for a VF in legacy mode. */
static bool vxfp_vf_vlan_match(const struct vxfp_vport *vp,
			       const struct sk_buff *skb)
{
	u16 vlan = READ_ONCE(vp->cfg.vlan);

	if (!vlan)
		return !skb_vlan_tag_present(skb);
	return skb_vlan_tag_present(skb) &&
	       skb_vlan_tag_get_id(skb) == vlan &&
	       skb->vlan_proto == READ_ONCE(vp->cfg.vlan_proto);
}

/* Legacy delivery to a VF: its port VLAN, if any, comes off. */
static void vxfp_legacy_vf_deliver(struct vxfp_vport *vp, struct sk_buff *skb)
{
	if (READ_ONCE(vp->cfg.vlan))
		__vlan_hwaccel_clear_tag(skb);
	vxfp_vf_deliver(vp, skb);
}

static struct vxfp_vport *vxfp_legacy_lookup(struct vxfp_switch *sw,
					     const struct sk_buff *skb)
{
	const u8 *dest = eth_hdr(skb)->h_dest;
	u32 i;

	for (i = 0; i < sw->num_vfs; i++) {
		struct vxfp_vport *vp = &sw->vports[i];

		if (ether_addr_equal_64bits(vp->vf->dev_addr, dest) &&
		    vxfp_vf_vlan_match(vp, skb))
			return vp;
	}
	return NULL;
}

/*
 * Broadcast and multicast in legacy mode: a copy to every port but the one
 * it came from (@from, NULL for the uplink and the PF) and the wire or PF
 * it came from (@to_pf, @to_uplink). The original goes to the uplink when
 * @to_uplink, else is freed.
 */
static void vxfp_legacy_flood(struct vxfp_switch *sw, struct sk_buff *skb,
			      struct vxfp_vport *from, bool to_pf,
			      bool to_uplink)
{
	struct sk_buff *nskb;
	u32 i;

	for (i = 0; i < sw->num_vfs; i++) {
		struct vxfp_vport *vp = &sw->vports[i];

		if (vp == from || !vxfp_vf_vlan_match(vp, skb))
			continue;
		nskb = skb_clone(skb, GFP_ATOMIC);
		if (!nskb) {
			vxfp_port_count_drop(vp, VXFP_DROP_NOMEM);
			continue;
		}
		vxfp_legacy_vf_deliver(vp, nskb);
	}
	if (to_pf && netif_running(sw->pf)) {
		nskb = skb_clone(skb, GFP_ATOMIC);
		if (nskb)
			vxfp_pf_deliver(sw, nskb);
		else
			dev_core_stats_rx_dropped_inc(sw->pf);
	}
	if (to_uplink)
		vxfp_uplink_xmit(sw, skb);
	else
		consume_skb(skb);
}

/* Token bucket of a VF's max_tx_rate; false: over the rate. */
static bool vxfp_vf_rate_ok(struct vxfp_vport *vp, unsigned int len)
{
	u32 mbps = READ_ONCE(vp->cfg.max_tx_rate);
	u64 now, elapsed, rate, burst;
	bool ok;

	if (!mbps)
		return true;
	rate = (u64)mbps * 125000;	/* bytes per second */
	/* 10 ms worth, and at least one GSO packet. */
	burst = max_t(u64, div_u64(rate, 100), GSO_LEGACY_MAX_SIZE + ETH_HLEN);

	spin_lock(&vp->rate_lock);
	now = ktime_get_ns();
	elapsed = min_t(u64, now - vp->rate_last, NSEC_PER_SEC);
	vp->rate_last = now;
	vp->rate_tokens = min(burst, vp->rate_tokens +
			      div_u64(elapsed * rate, NSEC_PER_SEC));
	ok = vp->rate_tokens >= len;
	if (ok)
		vp->rate_tokens -= len;
	spin_unlock(&vp->rate_lock);
	return ok;
}

static void vxfp_legacy_from_vf(struct vxfp_vport *vp, struct sk_buff *skb)
{
	struct vxfp_switch *sw = vp->sw;
	const struct ethhdr *eth = eth_hdr(skb);
	u16 vlan = READ_ONCE(vp->cfg.vlan);
	struct vxfp_vport *to;

	if (READ_ONCE(vp->cfg.spoofchk) &&
	    !ether_addr_equal_64bits(eth->h_source, vp->vf->dev_addr))
		return vxfp_port_drop(vp, skb, VXFP_DROP_SPOOF);
	if (vlan) {
		/* A VF on a port VLAN may not tag its own frames. */
		if (skb_vlan_tag_present(skb) || eth_type_vlan(eth->h_proto))
			return vxfp_port_drop(vp, skb, VXFP_DROP_VLAN);
		__vlan_hwaccel_put_tag(skb, READ_ONCE(vp->cfg.vlan_proto),
				       vlan | (READ_ONCE(vp->cfg.qos) <<
					       VLAN_PRIO_SHIFT));
	}
	if (!vxfp_vf_rate_ok(vp, skb->len))
		return vxfp_port_drop(vp, skb, VXFP_DROP_RATE);
	vxfp_port_count(vp, false, skb->len);

	if (is_multicast_ether_addr(eth->h_dest))
		return vxfp_legacy_flood(sw, skb, vp, true, true);
	if (ether_addr_equal_64bits(eth->h_dest, sw->pf->dev_addr))
		return vxfp_pf_deliver(sw, skb);
	to = vxfp_legacy_lookup(sw, skb);
	if (to)
		return vxfp_legacy_vf_deliver(to, skb);
	vxfp_uplink_xmit(sw, skb);
}

static void vxfp_switchdev_from_vf(struct vxfp_vport *vp, struct sk_buff *skb)
{
	vxfp_port_count(vp, false, skb->len);
	if (vxfp_fp_from_vf(vp, skb))
		return;
	vxfp_rep_deliver(vp, skb);
}

/* What a VF sends. Data at the MAC header. */
void vxfp_dp_vf_xmit(struct vxfp_vport *vp, struct sk_buff *skb)
{
	if (READ_ONCE(vp->cfg.link_state) == VXFP_VF_LINK_DISABLE)
		return vxfp_port_drop(vp, skb, VXFP_DROP_LINK_DOWN);
	if (READ_ONCE(vp->sw->mode) == VXFP_ESWITCH_SWITCHDEV)
		return vxfp_switchdev_from_vf(vp, skb);
	vxfp_legacy_from_vf(vp, skb);
}

/* What is sent on a representor comes out of its VF. */
void vxfp_dp_rep_xmit(struct vxfp_vport *vp, struct sk_buff *skb)
{
	vxfp_vf_deliver(vp, skb);
}

/* What the PF sends. Data at the MAC header. */
void vxfp_dp_pf_xmit(struct vxfp_switch *sw, struct sk_buff *skb)
{
	struct vxfp_vport *to;

	if (READ_ONCE(sw->mode) == VXFP_ESWITCH_LEGACY) {
		if (is_multicast_ether_addr(eth_hdr(skb)->h_dest))
			return vxfp_legacy_flood(sw, skb, NULL, false, true);
		to = vxfp_legacy_lookup(sw, skb);
		if (to)
			return vxfp_legacy_vf_deliver(to, skb);
	}
	vxfp_uplink_xmit(sw, skb);
}

/*
 * The PF takes a frame from the wire: in legacy mode what is addressed to
 * it, in switchdev mode (as the uplink's representor) everything.
 */
static rx_handler_result_t vxfp_pf_take(struct vxfp_switch *sw,
					struct sk_buff **pskb)
{
	struct net_device *pf = sw->pf;
	struct sk_buff *skb = *pskb;

	if (!netif_running(pf)) {
		kfree_skb(skb);
		return RX_HANDLER_CONSUMED;
	}
	skb->dev = pf;
	if (skb->pkt_type == PACKET_OTHERHOST &&
	    ether_addr_equal_64bits(eth_hdr(skb)->h_dest, pf->dev_addr))
		skb->pkt_type = PACKET_HOST;
	else if (skb->pkt_type == PACKET_HOST &&
		 !ether_addr_equal_64bits(eth_hdr(skb)->h_dest, pf->dev_addr))
		skb->pkt_type = PACKET_OTHERHOST;
	vxfp_pf_rx_stats(pf, skb->len + ETH_HLEN);
	return RX_HANDLER_ANOTHER;
}

/*
 * Legacy: what is for the PF or a VF goes there, broadcast and multicast
 * to all of them and to the uplink's own stack, the rest is the uplink's.
 */
static rx_handler_result_t vxfp_legacy_from_uplink(struct vxfp_switch *sw,
						   struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const u8 *dest = eth_hdr(skb)->h_dest;
	struct vxfp_vport *to;
	struct sk_buff *nskb;

	if (is_multicast_ether_addr(dest)) {
		nskb = skb_clone(skb, GFP_ATOMIC);
		if (nskb) {
			skb_push_rcsum(nskb, ETH_HLEN);
			vxfp_legacy_flood(sw, nskb, NULL, true, false);
		}
		return RX_HANDLER_PASS;
	}
	if (ether_addr_equal_64bits(dest, sw->pf->dev_addr))
		return vxfp_pf_take(sw, pskb);
	to = vxfp_legacy_lookup(sw, skb);
	if (!to)
		return RX_HANDLER_PASS;
	skb_push_rcsum(skb, ETH_HLEN);
	vxfp_legacy_vf_deliver(to, skb);
	return RX_HANDLER_CONSUMED;
}

/* Everything the uplink receives comes here first. */
static rx_handler_result_t vxfp_uplink_rx(struct sk_buff **pskb)
{
	struct vxfp_switch *sw;
	struct sk_buff *skb;

	if (unlikely((*pskb)->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;
	skb = skb_share_check(*pskb, GFP_ATOMIC);
	*pskb = skb;
	if (!skb)
		return RX_HANDLER_CONSUMED;

	sw = rcu_dereference(skb->dev->rx_handler_data);
	if (READ_ONCE(sw->mode) == VXFP_ESWITCH_SWITCHDEV) {
		if (vxfp_fp_from_uplink(sw, skb))
			return RX_HANDLER_CONSUMED;
		return vxfp_pf_take(sw, pskb);
	}
	return vxfp_legacy_from_uplink(sw, pskb);
}

bool vxfp_dp_is_uplink(const struct net_device *dev)
{
	return rcu_access_pointer(dev->rx_handler) == vxfp_uplink_rx;
}

/**
 * vxfp_dp_attach - take the uplink's traffic
 * @sw: the switch, with its netdevs registered
 * @extack: where to say why not
 *
 * Context: RTNL held.
 */
int vxfp_dp_attach(struct vxfp_switch *sw, struct netlink_ext_ack *extack)
{
	struct net_device *uplink = sw->uplink;
	int err;

	err = netdev_upper_dev_link(uplink, sw->pf, extack);
	if (err)
		return err;
	/* In switchdev mode the switch owns the wire. */
	if (sw->mode == VXFP_ESWITCH_SWITCHDEV) {
		err = dev_set_promiscuity(uplink, 1);
		if (err)
			goto err_unlink;
	}
	err = netdev_rx_handler_register(uplink, vxfp_uplink_rx, sw);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "Cannot attach to the uplink");
		goto err_promisc;
	}
	return 0;

err_promisc:
	if (sw->mode == VXFP_ESWITCH_SWITCHDEV)
		dev_set_promiscuity(uplink, -1);
err_unlink:
	netdev_upper_dev_unlink(uplink, sw->pf);
	return err;
}

/**
 * vxfp_dp_detach - give the uplink its traffic back
 * @sw: the switch
 *
 * Waits for the datapath's readers of the uplink's rx_handler_data.
 *
 * Context: RTNL held.
 */
void vxfp_dp_detach(struct vxfp_switch *sw)
{
	struct net_device *uplink = sw->uplink;

	netdev_rx_handler_unregister(uplink);
	if (sw->mode == VXFP_ESWITCH_SWITCHDEV)
		dev_set_promiscuity(uplink, -1);
	netdev_upper_dev_unlink(uplink, sw->pf);
}

/**
 * vxfp_dp_set_mode - switch the datapath to another eswitch mode
 * @sw: the switch, attached
 * @mode: enum vxfp_eswitch_mode
 *
 * Context: RTNL held; in switchdev mode the representors exist.
 */
int vxfp_dp_set_mode(struct vxfp_switch *sw, u8 mode)
{
	int err;

	err = dev_set_promiscuity(sw->uplink,
				  mode == VXFP_ESWITCH_SWITCHDEV ? 1 : -1);
	if (err)
		return err;
	WRITE_ONCE(sw->mode, mode);
	return 0;
}

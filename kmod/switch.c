// SPDX-License-Identifier: GPL-2.0
/*
 * Switch objects: made over an uplink netdev, looked up by name or id, and
 * ended by netlink, by their uplink going away, by their network namespace
 * going away or by the module going away.
 */
#include <linux/etherdevice.h>
#include <linux/idr.h>
#include <linux/if_arp.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "netlink.h"
#include "pf.h"
#include "switch.h"

/* Every switch of every namespace, under RTNL. */
LIST_HEAD(vxfp_switches);
/* Bumped on each change of the list, for consistent dumps; under RTNL. */
unsigned int vxfp_switches_gen;
/* Switch ids; the IDA has its own lock. */
static DEFINE_IDA(vxfp_switch_ida);

void vxfp_switch_port_addr(const struct vxfp_switch *sw, unsigned int port,
			   u8 *addr)
{
	ether_addr_copy(addr, sw->base_addr);
	addr[5] = port;
}

/*
 * The switch's addresses derive from its name and its uplink's address, so
 * a switch made again over the same uplink keeps its MACs and switch id.
 */
static void vxfp_switch_make_base_addr(struct vxfp_switch *sw)
{
	const struct net_device *uplink = sw->uplink;
	const u8 *seed = uplink->perm_addr;
	u32 hash;

	if (!is_valid_ether_addr(seed))
		seed = uplink->dev_addr;
	hash = jhash(seed, ETH_ALEN, 0);
	hash = jhash(sw->name, strnlen(sw->name, sizeof(sw->name)), hash);

	sw->base_addr[0] = 0x02;	/* locally administered, unicast */
	sw->base_addr[1] = hash >> 24;
	sw->base_addr[2] = hash >> 16;
	sw->base_addr[3] = hash >> 8;
	sw->base_addr[4] = hash;
	sw->base_addr[5] = 0;
}

static rx_handler_result_t vxfp_pf_take(struct vxfp_switch *sw,
					struct sk_buff **pskb)
{
	struct net_device *pf = sw->pf;
	struct sk_buff *skb;

	skb = skb_share_check(*pskb, GFP_ATOMIC);
	*pskb = skb;
	if (!skb)
		return RX_HANDLER_CONSUMED;

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

/* In legacy mode the PF gets a copy of what the uplink's stack also gets. */
static void vxfp_pf_copy(struct vxfp_switch *sw, struct sk_buff *skb)
{
	struct sk_buff *nskb = skb_clone(skb, GFP_ATOMIC);

	if (!nskb) {
		dev_core_stats_rx_dropped_inc(sw->pf);
		return;
	}
	nskb->dev = sw->pf;
	vxfp_pf_rx_stats(sw->pf, nskb->len + ETH_HLEN);
	netif_rx(nskb);
}

/*
 * Everything the uplink receives comes here first, in softirq context under
 * RCU. Legacy mode: what is addressed to the PF goes to the PF, broadcast
 * and multicast go to both, the rest is the uplink's own. Switchdev mode:
 * the switch owns the wire, and what no rule takes goes to the PF, the
 * uplink's representor.
 */
static rx_handler_result_t vxfp_uplink_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct ethhdr *eth = eth_hdr(skb);
	struct vxfp_switch *sw;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	sw = rcu_dereference(skb->dev->rx_handler_data);
	if (!(sw->pf->flags & IFF_UP))
		return RX_HANDLER_PASS;

	if (READ_ONCE(sw->mode) == VXFP_ESWITCH_SWITCHDEV)
		return vxfp_pf_take(sw, pskb);

	if (is_multicast_ether_addr(eth->h_dest)) {
		vxfp_pf_copy(sw, skb);
		return RX_HANDLER_PASS;
	}
	if (ether_addr_equal_64bits(eth->h_dest, sw->pf->dev_addr))
		return vxfp_pf_take(sw, pskb);
	return RX_HANDLER_PASS;
}

static bool vxfp_netdev_is_uplink(const struct net_device *dev)
{
	return rcu_access_pointer(dev->rx_handler) == vxfp_uplink_rx;
}

/**
 * vxfp_switch_find - a switch of a namespace, by name or by id
 * @net: the namespace
 * @name: the switch's name, or NULL to look up by @id
 * @id: the switch's id, when @name is NULL
 *
 * Context: RTNL held.
 */
struct vxfp_switch *vxfp_switch_find(struct net *net, const char *name,
				     u32 id)
{
	struct vxfp_switch *sw;

	ASSERT_RTNL();
	list_for_each_entry(sw, &vxfp_switches, list) {
		if (!net_eq(read_pnet(&sw->net), net))
			continue;
		if (name ? !strcmp(sw->name, name) : sw->id == id)
			return sw;
	}
	return NULL;
}

static int vxfp_switch_check_uplink(struct net_device *uplink,
				    struct netlink_ext_ack *extack)
{
	if (uplink->type != ARPHRD_ETHER || uplink->addr_len != ETH_ALEN ||
	    uplink->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG_MOD(extack, "Uplink must be an Ethernet device");
		return -EINVAL;
	}
	if (vxfp_netdev_is_pf(uplink)) {
		NL_SET_ERR_MSG_MOD(extack, "Uplink cannot be a vxfp PF");
		return -EINVAL;
	}
	if (vxfp_netdev_is_uplink(uplink)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Uplink already carries a vxfp switch");
		return -EBUSY;
	}
	if (netdev_is_rx_handler_busy(uplink)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Uplink is already taken by a bridge, bond or other upper device");
		return -EBUSY;
	}
	return 0;
}

/**
 * vxfp_switch_create - make a switch over an uplink
 * @net: the requester's namespace, where the uplink is and the PF goes
 * @cfg: what the switch should be
 * @extack: where to say why it cannot be made
 *
 * Context: RTNL held.
 * Return: the new switch, announced to the monitor group, or an ERR_PTR().
 */
struct vxfp_switch *vxfp_switch_create(struct net *net,
				       const struct vxfp_switch_config *cfg,
				       struct netlink_ext_ack *extack)
{
	struct net_device *uplink;
	struct vxfp_switch *sw;
	int err;

	ASSERT_RTNL();

	if (!dev_valid_name(cfg->name)) {
		NL_SET_ERR_MSG_MOD(extack, "Invalid switch name");
		return ERR_PTR(-EINVAL);
	}
	if (vxfp_switch_find(net, cfg->name, 0)) {
		NL_SET_ERR_MSG_MOD(extack, "A switch of that name exists");
		return ERR_PTR(-EEXIST);
	}
	if (__dev_get_by_name(net, cfg->name)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "A netdev has the name the PF would get");
		return ERR_PTR(-EEXIST);
	}
	uplink = __dev_get_by_index(net, cfg->uplink_ifindex);
	if (!uplink) {
		NL_SET_ERR_MSG_MOD(extack, "Uplink device not found");
		return ERR_PTR(-ENODEV);
	}
	err = vxfp_switch_check_uplink(uplink, extack);
	if (err)
		return ERR_PTR(err);
	if (cfg->num_vfs) {
		NL_SET_ERR_MSG_MOD(extack,
				   "VFs are not implemented yet (issue 3)");
		return ERR_PTR(-EOPNOTSUPP);
	}

	sw = kzalloc(sizeof(*sw), GFP_KERNEL);
	if (!sw)
		return ERR_PTR(-ENOMEM);
	err = ida_alloc_min(&vxfp_switch_ida, 1, GFP_KERNEL);
	if (err < 0)
		goto err_free;
	sw->id = err;
	strscpy(sw->name, cfg->name, sizeof(sw->name));
	sw->mode = cfg->mode;
	sw->num_vfs = cfg->num_vfs;
	sw->uplink = uplink;
	write_pnet(&sw->net, net);
	vxfp_switch_make_base_addr(sw);

	sw->pf = vxfp_pf_create(sw, extack);
	if (IS_ERR(sw->pf)) {
		err = PTR_ERR(sw->pf);
		goto err_ida;
	}
	err = netdev_upper_dev_link(uplink, sw->pf, extack);
	if (err)
		goto err_pf;
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
	dev_hold(uplink);
	list_add_tail(&sw->list, &vxfp_switches);
	vxfp_switches_gen++;
	/* From off, so that the operstate follows the uplink's from now. */
	netif_carrier_off(sw->pf);
	netif_stacked_transfer_operstate(uplink, sw->pf);
	vxfp_genl_notify_switch(sw, VXFP_CMD_SWITCH_NEW);
	return sw;

err_promisc:
	if (sw->mode == VXFP_ESWITCH_SWITCHDEV)
		dev_set_promiscuity(uplink, -1);
err_unlink:
	netdev_upper_dev_unlink(uplink, sw->pf);
err_pf:
	unregister_netdevice(sw->pf);
err_ida:
	ida_free(&vxfp_switch_ida, sw->id);
err_free:
	kfree(sw);
	return ERR_PTR(err);
}

/**
 * vxfp_switch_destroy - end a switch and everything it owns
 * @sw: the switch
 *
 * Announces the end first, while the switch's netdevs still have their
 * ifindexes, then undoes vxfp_switch_create() in reverse.
 *
 * Context: RTNL held.
 */
void vxfp_switch_destroy(struct vxfp_switch *sw)
{
	struct net_device *uplink = sw->uplink;

	ASSERT_RTNL();

	vxfp_genl_notify_switch(sw, VXFP_CMD_SWITCH_DEL);
	list_del(&sw->list);
	vxfp_switches_gen++;
	/* Waits for the datapath's readers of rx_handler_data. */
	netdev_rx_handler_unregister(uplink);
	if (sw->mode == VXFP_ESWITCH_SWITCHDEV)
		dev_set_promiscuity(uplink, -1);
	netdev_upper_dev_unlink(uplink, sw->pf);
	unregister_netdevice(sw->pf);
	dev_put(uplink);
	ida_free(&vxfp_switch_ida, sw->id);
	kfree_rcu(sw, rcu);
}

static int vxfp_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct vxfp_switch *sw;

	if (!vxfp_netdev_is_uplink(dev))
		return NOTIFY_DONE;
	sw = rtnl_dereference(dev->rx_handler_data);

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		netif_stacked_transfer_operstate(dev, sw->pf);
		break;
	case NETDEV_CHANGEMTU:
		/* The PF follows the uplink's MTU, down and up. */
		if (dev_set_mtu(sw->pf, dev->mtu))
			netdev_warn(sw->pf, "cannot follow uplink MTU %u\n",
				    dev->mtu);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		/* The switch only works over Ethernet. */
		return NOTIFY_BAD;
	case NETDEV_UNREGISTER:
		/* The uplink is going away, or to another namespace. */
		vxfp_switch_destroy(sw);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block vxfp_netdev_notifier = {
	.notifier_call = vxfp_netdev_event,
};

/* A namespace going away takes its switches with it. */
static void __net_exit vxfp_net_exit_batch(struct list_head *net_list)
{
	struct vxfp_switch *sw, *tmp;
	struct net *net;

	rtnl_lock();
	list_for_each_entry(net, net_list, exit_list) {
		list_for_each_entry_safe(sw, tmp, &vxfp_switches, list)
			if (net_eq(read_pnet(&sw->net), net))
				vxfp_switch_destroy(sw);
	}
	rtnl_unlock();
}

static struct pernet_operations vxfp_net_ops = {
	.exit_batch = vxfp_net_exit_batch,
};

int __init vxfp_switch_init(void)
{
	int err;

	err = register_pernet_device(&vxfp_net_ops);
	if (err)
		return err;
	err = register_netdevice_notifier(&vxfp_netdev_notifier);
	if (err)
		goto err_pernet;
	return 0;

err_pernet:
	unregister_pernet_device(&vxfp_net_ops);
	return err;
}

/*
 * Called once nothing can make switches any more: ends every switch of
 * every namespace, then stops listening to netdev events.
 */
void vxfp_switch_uninit(void)
{
	struct vxfp_switch *sw, *tmp;

	rtnl_lock();
	list_for_each_entry_safe(sw, tmp, &vxfp_switches, list)
		vxfp_switch_destroy(sw);
	rtnl_unlock();
	unregister_netdevice_notifier(&vxfp_netdev_notifier);
	unregister_pernet_device(&vxfp_net_ops);
	/* Let the kfree_rcu()s of the switches run before the module goes. */
	rcu_barrier();
}

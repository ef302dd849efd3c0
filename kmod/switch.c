// SPDX-License-Identifier: GPL-2.0
/*
 * Switch objects: made over an uplink netdev, with a device on the vxfp
 * bus, a devlink instance, a PF, VFs and, in switchdev mode, representors;
 * looked up by name or id; ended by netlink, by `ip link del` of the PF,
 * by their uplink or their network namespace going away, or by the module
 * going away.
 *
 * Ending a switch has two halves. vxfp_switch_kill() unregisters its
 * netdevs and detaches it from the uplink, under RTNL, which is all that
 * callers holding RTNL (netdev notifiers, rtnl_link dellink) can do.
 * release_work then does what needs the devlink instance lock, which ranks
 * above RTNL: the devlink ports and instance, and the device.
 */
#include <linux/etherdevice.h>
#include <linux/idr.h>
#include <linux/if_arp.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/rtnetlink.h>

#include "datapath.h"
#include "devlink.h"
#include "fastpath.h"
#include "netlink.h"
#include "pf.h"
#include "rep.h"
#include "switch.h"
#include "tc.h"
#include "vf.h"

/* Every switch of every namespace, under RTNL. */
LIST_HEAD(vxfp_switches);
/* Bumped on each change of the list, for consistent dumps; under RTNL. */
unsigned int vxfp_switches_gen;
/* Switch ids; the IDA has its own lock. */
static DEFINE_IDA(vxfp_switch_ida);
/* Runs the release_work of dead switches; flushed before the module goes. */
static struct workqueue_struct *vxfp_wq;

static struct vxfp_switch *vxfp_switch_of(struct device *dev)
{
	return container_of(dev, struct vxfp_switch, dev);
}

/* `ip link show PF` lists as many VFs as the PF's parent device has. */
static int vxfp_bus_num_vf(struct device *dev)
{
	return vxfp_switch_of(dev)->num_vfs;
}

static struct bus_type vxfp_bus = {
	.name	= "vxfp",
	.num_vf	= vxfp_bus_num_vf,
};

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
static void vxfp_switch_make_base_addr(struct vxfp_switch *sw,
				       const struct net_device *uplink)
{
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

/* The VF ports' defaults, before any of their netdevs or devlink ports. */
static void vxfp_switch_init_vports(struct vxfp_switch *sw)
{
	u32 i;

	for (i = 0; i < sw->num_vfs; i++) {
		struct vxfp_vport *vp = &sw->vports[i];

		vp->sw = sw;
		vp->index = i;
		vp->cfg.vlan_proto = htons(ETH_P_8021Q);
		vp->cfg.spoofchk = true;
		vp->cfg.link_state = VXFP_VF_LINK_AUTO;
		spin_lock_init(&vp->rate_lock);
		spin_lock_init(&vp->addr_lock);
		vxfp_switch_port_addr(sw, i + 1, vp->admin_addr);
	}
}

/**
 * vxfp_switch_from_dev - the switch a netdev is the uplink of
 * @dev: a netdev
 *
 * Context: RTNL held.
 * Return: the switch, or NULL if @dev is no live switch's uplink.
 */
struct vxfp_switch *vxfp_switch_from_dev(const struct net_device *dev)
{
	if (!vxfp_dp_is_uplink(dev))
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
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

static int vxfp_switch_check(struct net *net,
			     const struct vxfp_switch_config *cfg,
			     struct net_device *uplink,
			     struct netlink_ext_ack *extack)
{
	if (!dev_valid_name(cfg->name)) {
		NL_SET_ERR_MSG_MOD(extack, "Invalid switch name");
		return -EINVAL;
	}
	if (vxfp_switch_find(net, cfg->name, 0)) {
		NL_SET_ERR_MSG_MOD(extack, "A switch of that name exists");
		return -EEXIST;
	}
	if (__dev_get_by_name(net, cfg->name)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "A netdev has the name the PF would get");
		return -EEXIST;
	}
	if (!uplink) {
		NL_SET_ERR_MSG_MOD(extack, "Uplink device not found");
		return -ENODEV;
	}
	if (uplink->type != ARPHRD_ETHER || uplink->addr_len != ETH_ALEN ||
	    uplink->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG_MOD(extack, "Uplink must be an Ethernet device");
		return -EINVAL;
	}
	if (vxfp_netdev_is_pf(uplink) || vxfp_netdev_is_vf(uplink) ||
	    vxfp_netdev_is_rep(uplink)) {
		NL_SET_ERR_MSG_MOD(extack, "Uplink cannot be a vxfp port");
		return -EINVAL;
	}
	if (vxfp_dp_is_uplink(uplink)) {
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

/*
 * The devlink instance holds its parent, the switch's device, until it is
 * freed (since Linux 6.6): it goes before the device's last reference,
 * not in the device's release.
 */
static void vxfp_switch_free_devlink(struct vxfp_switch *sw)
{
	devlink_free(sw->devlink);
	sw->devlink = NULL;
}

static void vxfp_switch_release(struct device *dev)
{
	struct vxfp_switch *sw = vxfp_switch_of(dev);
	u32 i;

	vxfp_fp_uninit(sw);
	for (i = 0; i < sw->num_vfs; i++)
		free_percpu(sw->vports[i].stats);
	if (sw->id)
		ida_free(&vxfp_switch_ida, sw->id);
	/* The datapath may still hold the switch for a grace period. */
	kfree_rcu(sw, rcu);
}

/* A switch with its device initialised, and nothing else yet. */
static struct vxfp_switch *vxfp_switch_alloc(const struct vxfp_switch_config *cfg)
{
	struct vxfp_switch *sw;
	u32 i;
	int id;

	sw = kzalloc(struct_size(sw, vports, cfg->num_vfs), GFP_KERNEL);
	if (!sw)
		return NULL;
	/* From here on, put_device() frees what is set up. */
	device_initialize(&sw->dev);
	sw->dev.bus = &vxfp_bus;
	sw->dev.release = vxfp_switch_release;
	sw->num_vfs = cfg->num_vfs;
	for (i = 0; i < sw->num_vfs; i++) {
		sw->vports[i].stats = netdev_alloc_pcpu_stats(struct vxfp_pcpu_stats);
		if (!sw->vports[i].stats)
			goto err;
	}
	if (vxfp_fp_init(sw))
		goto err;
	id = ida_alloc_min(&vxfp_switch_ida, 1, GFP_KERNEL);
	if (id < 0)
		goto err;
	sw->id = id;
	if (dev_set_name(&sw->dev, "vxfp%u", sw->id))
		goto err;
	return sw;

err:
	put_device(&sw->dev);
	return NULL;
}

/* Queue what the switch has of its netdevs for unregistering. */
static void vxfp_switch_unregister_netdevs(struct vxfp_switch *sw,
					   struct list_head *kill_list)
{
	u32 i;

	vxfp_reps_kill(sw, kill_list);
	for (i = 0; i < sw->num_vfs; i++)
		if (sw->vports[i].vf)
			unregister_netdevice_queue(sw->vports[i].vf, kill_list);
	if (sw->pf)
		unregister_netdevice_queue(sw->pf, kill_list);
}

/* Make the switch's netdevs and attach to the uplink. Context: RTNL. */
static int vxfp_switch_start(struct vxfp_switch *sw, struct net_device *uplink,
			     struct netlink_ext_ack *extack)
{
	LIST_HEAD(kill_list);
	int err;
	u32 i;

	sw->uplink = uplink;
	sw->pf = vxfp_pf_create(sw, extack);
	if (IS_ERR(sw->pf)) {
		err = PTR_ERR(sw->pf);
		sw->pf = NULL;
		return err;
	}
	for (i = 0; i < sw->num_vfs; i++) {
		err = vxfp_vf_create(&sw->vports[i], extack);
		if (err)
			goto err_kill;
	}
	if (sw->mode == VXFP_ESWITCH_SWITCHDEV) {
		err = vxfp_reps_create(sw, extack);
		if (err)
			goto err_kill;
	}
	err = vxfp_dp_attach(sw, extack);
	if (err)
		goto err_kill;
	/* Dropped by release_work; the uplink waits for it to go. */
	dev_hold(uplink);
	list_add_tail(&sw->list, &vxfp_switches);
	vxfp_switches_gen++;
	vxfp_switch_follow_uplink(sw);
	return 0;

err_kill:
	vxfp_switch_unregister_netdevs(sw, &kill_list);
	unregister_netdevice_many(&kill_list);
	sw->pf = NULL;
	sw->uplink = NULL;
	return err;
}

/**
 * vxfp_switch_create - make a switch over an uplink
 * @net: the requester's namespace, where the uplink is and the PF goes
 * @cfg: what the switch should be
 * @extack: where to say why it cannot be made
 *
 * Context: process, no locks held; takes the devlink lock, then RTNL.
 * Return: the new switch, announced to the monitor group, or an ERR_PTR().
 */
struct vxfp_switch *vxfp_switch_create(struct net *net,
				       const struct vxfp_switch_config *cfg,
				       struct netlink_ext_ack *extack)
{
	struct net_device *uplink;
	struct vxfp_switch *sw;
	int err;

	sw = vxfp_switch_alloc(cfg);
	if (!sw)
		return ERR_PTR(-ENOMEM);
	strscpy(sw->name, cfg->name, sizeof(sw->name));
	sw->mode = cfg->mode;
	write_pnet(&sw->net, net);
	INIT_WORK(&sw->release_work, vxfp_switch_release_work);

	err = device_add(&sw->dev);
	if (err)
		goto err_put;
	sw->devlink = vxfp_devlink_alloc(sw);
	if (!sw->devlink) {
		err = -ENOMEM;
		goto err_del;
	}
	/*
	 * Registered first, so that release_work always finds it registered;
	 * devlink requests wait for the instance lock, held until the switch
	 * is whole or dead.
	 */
	devlink_register(sw->devlink);

	devl_lock(sw->devlink);
	rtnl_lock();
	uplink = __dev_get_by_index(net, cfg->uplink_ifindex);
	err = vxfp_switch_check(net, cfg, uplink, extack);
	if (err)
		goto err_unlock;
	vxfp_switch_make_base_addr(sw, uplink);
	vxfp_switch_init_vports(sw);
	rtnl_unlock();

	err = vxfp_devlink_ports_register(sw);
	if (err)
		goto err_devl_unlock;

	rtnl_lock();
	/* The uplink may have gone while RTNL was not held. */
	uplink = __dev_get_by_index(net, cfg->uplink_ifindex);
	err = vxfp_switch_check(net, cfg, uplink, extack);
	if (!err)
		err = vxfp_switch_start(sw, uplink, extack);
	if (err)
		goto err_ports;
	vxfp_genl_notify_switch(sw, VXFP_CMD_SWITCH_NEW);
	rtnl_unlock();
	devl_unlock(sw->devlink);
	return sw;

err_ports:
	rtnl_unlock();
	vxfp_devlink_ports_unregister(sw);
	goto err_devl_unlock;
err_unlock:
	rtnl_unlock();
err_devl_unlock:
	/* For the devlink requests that waited for the instance lock. */
	WRITE_ONCE(sw->dead, true);
	devl_unlock(sw->devlink);
	devlink_unregister(sw->devlink);
	vxfp_switch_free_devlink(sw);
err_del:
	device_del(&sw->dev);
err_put:
	put_device(&sw->dev);
	return ERR_PTR(err);
}

/**
 * vxfp_switch_kill - unregister a switch's netdevs, detach it from its uplink
 * @sw: the switch
 * @kill_list: the netdevs go onto it, for unregister_netdevice_many()
 *
 * Announces the end first, while the switch's netdevs still have their
 * ifindexes, and queues the rest of the teardown to release_work. Calling
 * it for a switch already dead does nothing.
 *
 * Context: RTNL held.
 */
void vxfp_switch_kill(struct vxfp_switch *sw, struct list_head *kill_list)
{
	ASSERT_RTNL();
	if (sw->dead)
		return;
	WRITE_ONCE(sw->dead, true);

	vxfp_genl_notify_switch(sw, VXFP_CMD_SWITCH_DEL);
	list_del(&sw->list);
	vxfp_switches_gen++;
	/* Waits for the datapath's readers of the uplink's handler. */
	vxfp_dp_detach(sw);
	vxfp_switch_unregister_netdevs(sw, kill_list);
	/* Routes and neighbours the flows hold go now, not at release. */
	vxfp_fp_flush(sw);

	get_device(&sw->dev);
	queue_work(vxfp_wq, &sw->release_work);
}

void vxfp_switch_release_work(struct work_struct *work)
{
	struct vxfp_switch *sw = container_of(work, struct vxfp_switch,
					      release_work);

	/* Let the killer's unregister_netdevice_many() finish. */
	rtnl_lock();
	rtnl_unlock();
	vxfp_tc_switch_release(sw);
	dev_put(sw->uplink);

	/* The rebalancing work must not outlive the module either. */
	vxfp_fp_stop(sw);
	devl_lock(sw->devlink);
	vxfp_devlink_ports_unregister(sw);
	devl_unlock(sw->devlink);
	devlink_unregister(sw->devlink);
	vxfp_switch_free_devlink(sw);
	device_del(&sw->dev);
	/* One for the reference of vxfp_switch_kill(), one for device_add. */
	put_device(&sw->dev);
	put_device(&sw->dev);
}

/**
 * vxfp_switch_destroy_unlock - end a switch and wait for it to be gone
 * @sw: the switch, alive
 *
 * Context: RTNL held on entry, and released.
 */
void vxfp_switch_destroy_unlock(struct vxfp_switch *sw)
{
	LIST_HEAD(kill_list);

	get_device(&sw->dev);
	vxfp_switch_kill(sw, &kill_list);
	unregister_netdevice_many(&kill_list);
	rtnl_unlock();
	flush_work(&sw->release_work);
	put_device(&sw->dev);
}

/**
 * vxfp_switch_set_mode - change a switch's eswitch mode
 * @sw: the switch
 * @mode: enum vxfp_eswitch_mode
 * @extack: where to say why not
 *
 * Going to switchdev makes a devlink port and a representor per VF, and
 * hands the uplink's traffic to the PF; going back to legacy undoes it.
 *
 * Context: the switch's devlink instance lock held; takes RTNL.
 */
int vxfp_switch_set_mode(struct vxfp_switch *sw, u8 mode,
			 struct netlink_ext_ack *extack)
{
	LIST_HEAD(kill_list);
	int err = 0;

	devl_assert_locked(sw->devlink);
	/*
	 * Checked again under RTNL below; a switch killed after this check
	 * has its release_work wait for the instance lock, and unregister
	 * whatever ports this adds.
	 */
	if (READ_ONCE(sw->dead)) {
		NL_SET_ERR_MSG_MOD(extack, "The switch is going away");
		return -ENODEV;
	}
	if (mode == READ_ONCE(sw->mode))
		return 0;

	if (mode == VXFP_ESWITCH_SWITCHDEV) {
		err = vxfp_devlink_vf_ports_register(sw);
		if (err) {
			NL_SET_ERR_MSG_MOD(extack, "Cannot add VF devlink ports");
			return err;
		}
	}

	rtnl_lock();
	if (sw->dead) {
		NL_SET_ERR_MSG_MOD(extack, "The switch is going away");
		err = -ENODEV;
	} else if (mode == VXFP_ESWITCH_SWITCHDEV) {
		err = vxfp_reps_create(sw, extack);
		if (!err)
			err = vxfp_dp_set_mode(sw, mode);
		if (err)
			vxfp_reps_kill(sw, &kill_list);
	} else if (vxfp_tc_switch_has_uplink_rules(sw)) {
		/*
		 * The representors' rules go with them; those of the PF and
		 * of VXLAN devices would stay, counted in hardware by tc,
		 * with their flows gone.
		 */
		NL_SET_ERR_MSG_MOD(extack,
				   "tc rules on the PF or a VXLAN device are offloaded to the switch: delete them before leaving switchdev mode");
		err = -EBUSY;
	} else {
		err = vxfp_dp_set_mode(sw, mode);
		if (!err) {
			vxfp_reps_kill(sw, &kill_list);
			/* Flows are for switchdev mode; new ones are refused. */
			vxfp_fp_flush(sw);
		}
	}
	unregister_netdevice_many(&kill_list);
	if (!err)
		vxfp_genl_notify_switch(sw, VXFP_CMD_SWITCH_SET);
	rtnl_unlock();

	/* The VF ports go with the representors, or if they could not come. */
	if (!sw->dead && (err ? mode == VXFP_ESWITCH_SWITCHDEV :
			  mode == VXFP_ESWITCH_LEGACY))
		vxfp_devlink_vf_ports_unregister(sw);
	return err;
}

/* PF, VFs and representors follow the uplink's carrier. Context: RTNL. */
void vxfp_switch_follow_uplink(struct vxfp_switch *sw)
{
	u32 i;

	netif_stacked_transfer_operstate(sw->uplink, sw->pf);
	for (i = 0; i < sw->num_vfs; i++)
		vxfp_vf_update_carrier(&sw->vports[i]);
}

static int vxfp_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct vxfp_switch *sw = vxfp_switch_from_dev(dev);
	LIST_HEAD(kill_list);
	u32 i;

	if (!sw)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		vxfp_switch_follow_uplink(sw);
		break;
	case NETDEV_CHANGEMTU:
		/* The PF follows the uplink's MTU, down and up. */
		if (dev_set_mtu(sw->pf, dev->mtu))
			netdev_warn(sw->pf, "cannot follow uplink MTU %u\n",
				    dev->mtu);
		for (i = 0; i < sw->num_vfs; i++)
			vxfp_vf_follow_uplink_mtu(&sw->vports[i]);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		/* The switch only works over Ethernet. */
		return NOTIFY_BAD;
	case NETDEV_UNREGISTER:
		/* The uplink is going away, or to another namespace. */
		vxfp_switch_kill(sw, &kill_list);
		unregister_netdevice_many(&kill_list);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block vxfp_netdev_notifier = {
	.notifier_call = vxfp_netdev_event,
};

int __init vxfp_switch_init(void)
{
	int err;

	vxfp_wq = alloc_workqueue("vxfp", 0, 0);
	if (!vxfp_wq)
		return -ENOMEM;
	err = bus_register(&vxfp_bus);
	if (err)
		goto err_wq;
	err = vxfp_pf_init();
	if (err)
		goto err_bus;
	err = register_netdevice_notifier(&vxfp_netdev_notifier);
	if (err)
		goto err_pf;
	return 0;

err_pf:
	vxfp_pf_uninit();
err_bus:
	bus_unregister(&vxfp_bus);
err_wq:
	destroy_workqueue(vxfp_wq);
	return err;
}

/*
 * Called once nothing can make switches any more. Unregistering the PFs'
 * link type ends every switch of every namespace (through its dellink);
 * then their release work is waited for.
 */
void vxfp_switch_uninit(void)
{
	vxfp_pf_uninit();
	unregister_netdevice_notifier(&vxfp_netdev_notifier);
	destroy_workqueue(vxfp_wq);
	bus_unregister(&vxfp_bus);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The devlink side of a switch, as an SR-IOV NIC shows it: an instance on
 * the switch's device (vxfp/vxfpN), a port of flavour physical for the
 * uplink (the PF netdev), one of flavour pcipf for the PF function and, in
 * switchdev mode, one of flavour pcivf per VF (its representor);
 * `devlink dev eswitch set` changes the mode and `devlink port function
 * set ... hw_addr` a VF's MAC.
 *
 * The devlink core calls in with the instance lock held; RTNL ranks below
 * it and is taken inside.
 */
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/devlink.h>

#include "compat.h"
#include "devlink.h"
#include "switch.h"
#include "vf.h"

/* The devlink instance's private data. */
struct vxfp_devlink {
	struct vxfp_switch *sw;
};

static struct vxfp_switch *vxfp_devlink_switch(struct devlink *devlink)
{
	struct vxfp_devlink *priv = devlink_priv(devlink);

	return priv->sw;
}

static int vxfp_dl_eswitch_mode_get(struct devlink *devlink, u16 *mode)
{
	struct vxfp_switch *sw = vxfp_devlink_switch(devlink);

	*mode = READ_ONCE(sw->mode) == VXFP_ESWITCH_SWITCHDEV ?
		DEVLINK_ESWITCH_MODE_SWITCHDEV : DEVLINK_ESWITCH_MODE_LEGACY;
	return 0;
}

static int vxfp_dl_eswitch_mode_set(struct devlink *devlink, u16 mode,
				    struct netlink_ext_ack *extack)
{
	struct vxfp_switch *sw = vxfp_devlink_switch(devlink);

	switch (mode) {
	case DEVLINK_ESWITCH_MODE_LEGACY:
		return vxfp_switch_set_mode(sw, VXFP_ESWITCH_LEGACY, extack);
	case DEVLINK_ESWITCH_MODE_SWITCHDEV:
		return vxfp_switch_set_mode(sw, VXFP_ESWITCH_SWITCHDEV, extack);
	}
	NL_SET_ERR_MSG_MOD(extack, "Unsupported eswitch mode");
	return -EOPNOTSUPP;
}

/* The VF port of a devlink port; NULL for the physical port. */
static struct vxfp_vport *vxfp_dl_port_vport(struct devlink_port *port)
{
	if (port->attrs.flavour != DEVLINK_PORT_FLAVOUR_PCI_VF)
		return NULL;
	return container_of(port, struct vxfp_vport, dl_port);
}

/*
 * The VF's address as the eswitch side set it. Also called to fill port
 * notifications, under RTNL or not: hence a lock of its own.
 */
static int vxfp_dl_port_hw_addr_get(struct devlink_port *port, u8 *hw_addr,
				    int *hw_addr_len,
				    struct netlink_ext_ack *extack)
{
	struct vxfp_vport *vp = vxfp_dl_port_vport(port);

	if (!vp)
		return -EOPNOTSUPP;
	spin_lock_bh(&vp->addr_lock);
	ether_addr_copy(hw_addr, vp->admin_addr);
	spin_unlock_bh(&vp->addr_lock);
	*hw_addr_len = ETH_ALEN;
	return 0;
}

static int vxfp_dl_port_hw_addr_set(struct devlink_port *port,
				    const u8 *hw_addr, int hw_addr_len,
				    struct netlink_ext_ack *extack)
{
	struct vxfp_vport *vp = vxfp_dl_port_vport(port);
	int err;

	if (!vp) {
		NL_SET_ERR_MSG_MOD(extack, "Only VF ports have an address to set");
		return -EOPNOTSUPP;
	}
	if (hw_addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG_MOD(extack, "A VF's address is 6 bytes long");
		return -EINVAL;
	}
	rtnl_lock();
	/* A dead switch's VFs are unregistered, maybe freed already. */
	if (vp->sw->dead) {
		NL_SET_ERR_MSG_MOD(extack, "The switch is going away");
		err = -ENODEV;
	} else {
		err = vxfp_vf_set_mac(vp, hw_addr, extack);
	}
	rtnl_unlock();
	return err;
}

#ifdef HAVE_DEVLINK_PORT_OPS
static const struct devlink_port_ops vxfp_dl_vf_port_ops = {
	.port_fn_hw_addr_get	= vxfp_dl_port_hw_addr_get,
	.port_fn_hw_addr_set	= vxfp_dl_port_hw_addr_set,
};
#endif

static const struct devlink_ops vxfp_devlink_ops = {
	.eswitch_mode_get		= vxfp_dl_eswitch_mode_get,
	.eswitch_mode_set		= vxfp_dl_eswitch_mode_set,
#ifndef HAVE_DEVLINK_PORT_OPS
	.port_function_hw_addr_get	= vxfp_dl_port_hw_addr_get,
	.port_function_hw_addr_set	= vxfp_dl_port_hw_addr_set,
#endif
};

struct devlink *vxfp_devlink_alloc(struct vxfp_switch *sw)
{
	struct vxfp_devlink *priv;
	struct devlink *devlink;

	devlink = devlink_alloc(&vxfp_devlink_ops, sizeof(*priv), &sw->dev);
	if (!devlink)
		return NULL;
	priv = devlink_priv(devlink);
	priv->sw = sw;
	return devlink;
}

static void vxfp_devlink_port_switch_id(struct vxfp_switch *sw,
					struct devlink_port *port)
{
	port->attrs.switch_id.id_len = ETH_ALEN;
	memcpy(port->attrs.switch_id.id, sw->base_addr, ETH_ALEN);
}

static int vxfp_devlink_vf_port_register(struct vxfp_vport *vp)
{
	struct vxfp_switch *sw = vp->sw;
	int err;

	memset(&vp->dl_port, 0, sizeof(vp->dl_port));
	vxfp_devlink_port_switch_id(sw, &vp->dl_port);
	devlink_port_attrs_pci_vf_set(&vp->dl_port, 0, 0, vp->index, false);
#ifdef HAVE_DEVLINK_PORT_OPS
	err = devl_port_register_with_ops(sw->devlink, &vp->dl_port,
					  vp->index + 1, &vxfp_dl_vf_port_ops);
#else
	err = devl_port_register(sw->devlink, &vp->dl_port, vp->index + 1);
#endif
	if (err)
		return err;
	vp->dl_port_registered = true;
	return 0;
}

/**
 * vxfp_devlink_vf_ports_register - a pcivf devlink port for every VF
 * @sw: the switch
 *
 * Context: the devlink instance lock held.
 */
int vxfp_devlink_vf_ports_register(struct vxfp_switch *sw)
{
	int err;
	u32 i;

	devl_assert_locked(sw->devlink);
	for (i = 0; i < sw->num_vfs; i++) {
		err = vxfp_devlink_vf_port_register(&sw->vports[i]);
		if (err) {
			vxfp_devlink_vf_ports_unregister(sw);
			return err;
		}
	}
	return 0;
}

void vxfp_devlink_vf_ports_unregister(struct vxfp_switch *sw)
{
	u32 i;

	devl_assert_locked(sw->devlink);
	for (i = 0; i < sw->num_vfs; i++) {
		struct vxfp_vport *vp = &sw->vports[i];

		if (!vp->dl_port_registered)
			continue;
		devl_port_unregister(&vp->dl_port);
		vp->dl_port_registered = false;
	}
}

/* Port indexes: 0 the physical port, 1..N the VFs, then the PF function. */
#define VXFP_DL_PF_PORT_INDEX	(VXFP_MAX_VFS + 1)

/**
 * vxfp_devlink_ports_register - the ports of a new switch
 * @sw: the switch, with its base address
 *
 * The physical port, and the VFs' in switchdev mode.
 *
 * Context: the devlink instance lock held.
 */
int vxfp_devlink_ports_register(struct vxfp_switch *sw)
{
	struct devlink_port_attrs attrs = {
		.flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL,
		.phys.port_number = 0,
		.switch_id.id_len = ETH_ALEN,
	};
	int err;

	memcpy(attrs.switch_id.id, sw->base_addr, ETH_ALEN);
	devlink_port_attrs_set(&sw->phys_port, &attrs);
	err = devl_port_register(sw->devlink, &sw->phys_port, 0);
	if (err)
		return err;

	/* The PF function; its netdev is the physical port's. */
	vxfp_devlink_port_switch_id(sw, &sw->pf_port);
	devlink_port_attrs_pci_pf_set(&sw->pf_port, 0, 0, false);
	err = devl_port_register(sw->devlink, &sw->pf_port,
				 VXFP_DL_PF_PORT_INDEX);
	if (err)
		goto err_phys;

	if (sw->mode == VXFP_ESWITCH_SWITCHDEV) {
		err = vxfp_devlink_vf_ports_register(sw);
		if (err)
			goto err_pf;
	}
	return 0;

err_pf:
	devl_port_unregister(&sw->pf_port);
err_phys:
	devl_port_unregister(&sw->phys_port);
	return err;
}

void vxfp_devlink_ports_unregister(struct vxfp_switch *sw)
{
	vxfp_devlink_vf_ports_unregister(sw);
	devl_port_unregister(&sw->pf_port);
	devl_port_unregister(&sw->phys_port);
}

/*
 * Tying a netdev to its devlink port, where the core does it for us
 * (SET_NETDEV_DEVLINK_PORT, Linux 6.2 on): before registering the netdev.
 *
 * Older kernels have only devlink_port_type_eth_set() and _clear(), which
 * take RTNL themselves; a switch's netdevs are unregistered under RTNL
 * (from netdev notifiers and rtnl_link dellink), where the port could not
 * be cleared first. There the ports go without their netdev's name.
 */
void vxfp_devlink_port_set_netdev(struct devlink_port *port,
				  struct net_device *dev)
{
#ifdef HAVE_SET_NETDEV_DEVLINK_PORT
	SET_NETDEV_DEVLINK_PORT(dev, port);
#endif
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one shim between vxfp and the kernel API of the day. Every decision
 * here comes from a build-time probe (kmod/compat/probes/), never from a
 * version number: distribution kernels backport too much for those.
 */
#ifndef _VXFP_COMPAT_H
#define _VXFP_COMPAT_H

#include <linux/netdevice.h>
#include <net/genetlink.h>

#include "compat-probes.h"

static inline void vxfp_netdev_set_netns_local(struct net_device *dev)
{
#ifdef HAVE_NETDEV_NETNS_LOCAL
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

/* A device whose ndo_start_xmit needs no lock of the core's. */
static inline void vxfp_netdev_set_lltx(struct net_device *dev)
{
#ifdef HAVE_NETDEV_LLTX
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

/* The attributes of a dump request, parsed by its policy. */
static inline struct nlattr **vxfp_dump_attrs(struct netlink_callback *cb)
{
#ifdef HAVE_GENL_DUMPIT_INFO_INFO
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _VXFP_COMPAT_H */

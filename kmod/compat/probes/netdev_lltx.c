// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.12 replaced the NETIF_F_LLTX feature bit with the
 * net_device::lltx flag.
 */
#include <linux/netdevice.h>

void probe(struct net_device *dev);
void probe(struct net_device *dev)
{
	dev->lltx = true;
}

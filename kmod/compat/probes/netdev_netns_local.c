// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.12 replaced the NETIF_F_NETNS_LOCAL feature bit with the
 * net_device::netns_local flag.
 */
#include <linux/netdevice.h>

void probe(struct net_device *dev);
void probe(struct net_device *dev)
{
	dev->netns_local = true;
}

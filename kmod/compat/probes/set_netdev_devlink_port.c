// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.2 lets a driver name a netdev's devlink port before registering
 * it (SET_NETDEV_DEVLINK_PORT); the core then ties the two together.
 * Before, drivers called devlink_port_type_eth_set() afterwards.
 */
#include <linux/netdevice.h>
#include <net/devlink.h>

void probe(struct net_device *dev, struct devlink_port *port);
void probe(struct net_device *dev, struct devlink_port *port)
{
	SET_NETDEV_DEVLINK_PORT(dev, port);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU software counters of a netdev (dev->tstats) and their
 * helpers: dev_sw_netstats_rx_add() and dev_sw_netstats_tx_add() (Linux
 * 5.10 and 5.11) and dev_get_tstats64() as ndo_get_stats64 (Linux 5.11).
 */
#include <linux/netdevice.h>

static const struct net_device_ops probe_ops = {
	.ndo_get_stats64 = dev_get_tstats64,
};

const struct net_device_ops *probe(struct net_device *dev);
const struct net_device_ops *probe(struct net_device *dev)
{
	dev_sw_netstats_rx_add(dev, 64);
	dev_sw_netstats_tx_add(dev, 1, 64);
	return &probe_ops;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.1 dropped the weight argument of netif_napi_add(); drivers that
 * need another weight than NAPI_POLL_WEIGHT call netif_napi_add_weight().
 */
#include <linux/netdevice.h>

static int probe_poll(struct napi_struct *napi, int budget)
{
	return 0;
}

void probe(struct net_device *dev, struct napi_struct *napi);
void probe(struct net_device *dev, struct napi_struct *napi)
{
	netif_napi_add(dev, napi, probe_poll);
}

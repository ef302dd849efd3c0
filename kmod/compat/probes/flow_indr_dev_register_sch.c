// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 5.10 passes the ingress qdisc (struct Qdisc *sch) to the indirect
 * block callbacks of flow_indr_dev_register() and takes it in
 * flow_indr_block_cb_alloc(). Linux 5.8 and 5.9 had the same interface
 * without it; before 5.8, indirect blocks were registered per netdev
 * (__flow_indr_block_cb_register()) with a 4-parameter callback.
 */
#include <net/flow_offload.h>
#include <net/pkt_cls.h>

static int probe_setup(enum tc_setup_type type, void *type_data, void *priv)
{
	return 0;
}

static void probe_release(void *priv)
{
}

static int probe_bind(struct net_device *dev, struct Qdisc *sch, void *cb_priv,
		      enum tc_setup_type type, void *type_data, void *data,
		      void (*cleanup)(struct flow_block_cb *block_cb))
{
	struct flow_block_cb *block_cb;

	block_cb = flow_indr_block_cb_alloc(probe_setup, cb_priv, cb_priv,
					    probe_release, type_data, dev, sch,
					    data, cb_priv, cleanup);
	return PTR_ERR_OR_ZERO(block_cb);
}

int probe(void *priv);
int probe(void *priv)
{
	flow_indr_block_bind_cb_t *cb = probe_bind;

	flow_indr_dev_unregister(cb, priv, probe_release);
	return flow_indr_dev_register(cb, priv);
}

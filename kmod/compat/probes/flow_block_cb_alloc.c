// SPDX-License-Identifier: GPL-2.0
/*
 * flow_block_cb_alloc() with four arguments and a flow_setup_cb_t, as
 * from Linux 5.4; 5.3 took a struct net * first and a tc_setup_cb_t.
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

struct flow_block_cb *probe(void *priv);
struct flow_block_cb *probe(void *priv)
{
	flow_setup_cb_t *cb = probe_setup;

	return flow_block_cb_alloc(cb, priv, priv, probe_release);
}

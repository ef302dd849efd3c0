// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 5.3 added flow_block_cb_setup_simple(), the bind/unbind helper of
 * drivers with one block callback (tcf_block_cb_register() before).
 */
#include <net/flow_offload.h>
#include <net/pkt_cls.h>

static LIST_HEAD(probe_list);

static int probe_setup(enum tc_setup_type type, void *type_data, void *priv)
{
	return 0;
}

int probe(struct flow_block_offload *f, void *priv);
int probe(struct flow_block_offload *f, void *priv)
{
	return flow_block_cb_setup_simple(f, &probe_list, probe_setup, priv,
					  priv, true);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.4 moved the port callbacks out of devlink_ops into
 * devlink_port_ops, given to devl_port_register_with_ops().
 */
#include <net/devlink.h>

static int probe_hw_addr_set(struct devlink_port *port, const u8 *addr,
			     int len, struct netlink_ext_ack *extack)
{
	return 0;
}

const struct devlink_port_ops probe = {
	.port_fn_hw_addr_set = probe_hw_addr_set,
};

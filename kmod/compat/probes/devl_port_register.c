// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 5.18 added devl_port_register() and devl_port_unregister(), which
 * expect the caller to hold the devlink instance lock.
 */
#include <net/devlink.h>

int probe(struct devlink *devlink, struct devlink_port *port);
int probe(struct devlink *devlink, struct devlink_port *port)
{
	int err;

	err = devl_port_register(devlink, port, 0);
	if (!err)
		devl_port_unregister(port);
	return err;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 5.15 gives devlink_alloc() the parent device (it went to
 * devlink_register() before), and devlink_register() no longer takes it.
 */
#include <net/devlink.h>

static const struct devlink_ops probe_ops;

struct devlink *probe(struct device *dev);
struct devlink *probe(struct device *dev)
{
	struct devlink *devlink = devlink_alloc(&probe_ops, 0, dev);

	if (devlink)
		devlink_register(devlink);
	return devlink;
}

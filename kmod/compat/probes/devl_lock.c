// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 5.18 exposed the devlink instance lock to drivers (devl_lock(),
 * devl_unlock(), devl_assert_locked()).
 */
#include <net/devlink.h>

void probe(struct devlink *devlink);
void probe(struct devlink *devlink)
{
	devl_lock(devlink);
	devl_assert_locked(devlink);
	devl_unlock(devlink);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.6 added genl_info_dump(), the struct genl_info of a dump.
 */
#include <net/genetlink.h>

const struct genl_info *probe(struct netlink_callback *cb);
const struct genl_info *probe(struct netlink_callback *cb)
{
	return genl_info_dump(cb);
}

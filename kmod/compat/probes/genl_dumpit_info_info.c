// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.2 (split ops) moved a dump's parsed attributes from
 * genl_dumpit_info::attrs to genl_dumpit_info::info.attrs.
 */
#include <net/genetlink.h>

struct nlattr **probe(const struct genl_dumpit_info *info);
struct nlattr **probe(const struct genl_dumpit_info *info)
{
	return info->info.attrs;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.2 lets a family give its operations split into do and dump
 * halves (struct genl_split_ops, genl_family::split_ops), each with its
 * own policy.
 */
#include <net/genetlink.h>

static int probe_doit(struct sk_buff *skb, struct genl_info *info)
{
	return 0;
}

static const struct genl_split_ops probe_ops[] = {
	{
		.cmd	= 1,
		.doit	= probe_doit,
		.flags	= GENL_CMD_CAP_DO,
	},
};

struct genl_family probe = {
	.split_ops	= probe_ops,
	.n_split_ops	= ARRAY_SIZE(probe_ops),
};

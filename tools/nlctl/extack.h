/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlctl: parsing of netlink extended ACKs (NLMSGERR_ATTR_*), which
 * libnl-3 does not do.
 */
#ifndef NLCTL_EXTACK_H
#define NLCTL_EXTACK_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/netlink.h>

struct nl_extack {
	int error;		/* errno (positive), 0 for success */
	const char *msg;	/* NLMSGERR_ATTR_MSG, points into the message */
	bool has_offs;
	uint32_t offs;		/* NLMSGERR_ATTR_OFFS */
	bool has_miss_type;
	uint32_t miss_type;	/* NLMSGERR_ATTR_MISS_TYPE */
};

int extack_parse(const struct nlmsghdr *nlh, struct nl_extack *ea);

#endif /* NLCTL_EXTACK_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlctl: parsing of netlink extended ACKs (NLMSGERR_ATTR_*), which
 * libnl-3 does not do.
 */
#ifndef NLCTL_EXTACK_H
#define NLCTL_EXTACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

struct nl_extack {
	int error;		/* errno (positive), 0 for success */
	const char *msg;	/* NLMSGERR_ATTR_MSG, points into the message */
	bool has_offs;
	uint32_t offs;		/* NLMSGERR_ATTR_OFFS */
	bool has_miss_type;
	uint32_t miss_type;	/* NLMSGERR_ATTR_MISS_TYPE */
	bool has_miss_nest;
	uint32_t miss_nest;	/* NLMSGERR_ATTR_MISS_NEST */
};

/*
 * The names of the attributes of a nest (or of a message), by type, and
 * the spaces of those that are nests themselves; to name what an extended
 * ACK points at ("flow.key.dst_ip").
 */
struct attr_space {
	const char *const *names;		/* NULL entries: unnamed */
	unsigned int max;
	const struct attr_space *const *nested;	/* by type; may be NULL */
};

int extack_parse(const struct nlmsghdr *nlh, struct nl_extack *ea);
int extack_attr_path(const void *msg, size_t len, size_t start, uint32_t offs,
		     const struct attr_space *space, char *buf, size_t size,
		     const struct attr_space **nested);
int extack_describe(const void *msg, size_t len, size_t start,
		    const struct nl_extack *ea, const struct attr_space *space,
		    char *buf, size_t size);
void extack_print_msg(const char *prefix, const char *msg);
void extack_report(int error, const char *msg, const char *attr);

#endif /* NLCTL_EXTACK_H */

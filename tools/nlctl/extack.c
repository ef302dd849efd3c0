// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: parsing of netlink extended ACKs.
 *
 * With NETLINK_EXT_ACK set, the kernel appends NLMSGERR_ATTR_* TLVs to an
 * NLMSG_ERROR (after struct nlmsgerr and, unless NLM_F_CAPPED, the echoed
 * request) or to the NLMSG_DONE of a dump (after its int error), and sets
 * NLM_F_ACK_TLVS. Everything is bounds-checked: the buffer comes from the
 * kernel, but tests feed it too.
 *
 * An offset the kernel reports (NLMSGERR_ATTR_OFFS, _MISS_NEST) is named
 * by walking the request it points into (extack_attr_path()).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "extack.h"

/* Offset of the TLVs from the start of the payload, or 0 if none. */
static size_t tlv_offset(const struct nlmsghdr *nlh, size_t payload)
{
	const struct nlmsgerr *err;
	size_t off;

	if (nlh->nlmsg_type == NLMSG_DONE)
		return NLMSG_ALIGN(sizeof(int));

	err = NLMSG_DATA(nlh);
	off = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (err->msg.nlmsg_len < NLMSG_HDRLEN ||
		    err->msg.nlmsg_len - NLMSG_HDRLEN > payload)
			return 0;
		off += err->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	return NLMSG_ALIGN(off);
}

static int get_u32(const struct nlattr *nla, uint32_t *val)
{
	if (nla->nla_len < NLA_HDRLEN + sizeof(*val))
		return -1;
	memcpy(val, (const char *)nla + NLA_HDRLEN, sizeof(*val));
	return 0;
}

static void parse_tlv(const struct nlattr *nla, struct nl_extack *ea)
{
	const char *data = (const char *)nla + NLA_HDRLEN;
	size_t len = nla->nla_len - NLA_HDRLEN;

	switch (nla->nla_type & NLA_TYPE_MASK) {
	case NLMSGERR_ATTR_MSG:
		if (len && memchr(data, '\0', len) && *data)
			ea->msg = data;
		break;
	case NLMSGERR_ATTR_OFFS:
		ea->has_offs = !get_u32(nla, &ea->offs);
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		ea->has_miss_type = !get_u32(nla, &ea->miss_type);
		break;
	case NLMSGERR_ATTR_MISS_NEST:
		ea->has_miss_nest = !get_u32(nla, &ea->miss_nest);
		break;
	}
}

static void parse_tlvs(const char *p, size_t len, struct nl_extack *ea)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *nla = (const struct nlattr *)p;
		size_t step;

		if (nla->nla_len < NLA_HDRLEN || nla->nla_len > len)
			return;
		parse_tlv(nla, ea);
		step = NLA_ALIGN(nla->nla_len);
		if (step >= len)
			return;
		p += step;
		len -= step;
	}
}

/*
 * Fill @ea from an NLMSG_ERROR or NLMSG_DONE message of nlh->nlmsg_len
 * bytes. Returns 0, or -1 if @nlh is neither or is truncated.
 */
int extack_parse(const struct nlmsghdr *nlh, struct nl_extack *ea)
{
	size_t payload, off, need;
	int error;

	memset(ea, 0, sizeof(*ea));
	if (nlh->nlmsg_len < NLMSG_HDRLEN)
		return -1;
	payload = nlh->nlmsg_len - NLMSG_HDRLEN;
	if (nlh->nlmsg_type == NLMSG_ERROR)
		need = sizeof(struct nlmsgerr);
	else if (nlh->nlmsg_type == NLMSG_DONE)
		need = 0;	/* old kernels may send an empty DONE */
	else
		return -1;
	if (payload < need)
		return -1;
	if (payload >= sizeof(int)) {
		memcpy(&error, NLMSG_DATA(nlh), sizeof(error));
		ea->error = error < 0 ? -error : 0;
	}
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	off = tlv_offset(nlh, payload);
	if (off && off < payload)
		parse_tlvs((const char *)NLMSG_DATA(nlh) + off, payload - off, ea);
	return 0;
}

static void append_name(char *buf, size_t size, size_t *used,
			const struct attr_space *space, unsigned int type)
{
	const char *name = NULL;
	int n;

	if (space && type <= space->max && space->names)
		name = space->names[type];
	if (name)
		n = snprintf(buf + *used, size - *used, "%s%s",
			     *used ? "." : "", name);
	else
		n = snprintf(buf + *used, size - *used, "%s%u",
			     *used ? "." : "", type);
	if (n > 0)
		*used = *used + n < size ? *used + n : size - 1;
}

/*
 * Name the attribute at offset @offs of @msg (@len bytes, attributes from
 * offset @start on), nest by nest from @space: "flow.key.dst_ip". An
 * offset inside an attribute that is not a nest names that attribute. If
 * @nested is not NULL, it gets the space of the attribute found (NULL if
 * it is not a nest). Returns 0, or -1 if @offs is in no attribute.
 */
int extack_attr_path(const void *msg, size_t len, size_t start, uint32_t offs,
		     const struct attr_space *space, char *buf, size_t size,
		     const struct attr_space **nested)
{
	const char *base = msg;
	size_t pos = start, end = len, used = 0;

	if (!size)
		return -1;
	buf[0] = '\0';
	while (pos + NLA_HDRLEN <= end && offs >= pos) {
		const struct attr_space *sub = NULL;
		struct nlattr nla;
		unsigned int type;

		memcpy(&nla, base + pos, sizeof(nla));	/* may be unaligned */
		if (nla.nla_len < NLA_HDRLEN || nla.nla_len > end - pos)
			break;
		if (offs >= pos + nla.nla_len) {
			pos += NLA_ALIGN(nla.nla_len);
			continue;
		}
		type = nla.nla_type & NLA_TYPE_MASK;
		append_name(buf, size, &used, space, type);
		if (space && space->nested && type <= space->max)
			sub = space->nested[type];
		if (offs == pos || !sub || offs < pos + NLA_HDRLEN) {
			if (nested)
				*nested = sub;
			return 0;
		}
		space = sub;
		end = pos + nla.nla_len;
		pos += NLA_HDRLEN;
	}
	buf[0] = '\0';
	return -1;
}

/*
 * What an extended ACK points at in the request @msg (@len bytes,
 * attributes from @start), as "bad attribute "flow.cookie"" or "missing
 * attribute "flow.key"". Returns 0, or -1 if it points at nothing.
 */
int extack_describe(const void *msg, size_t len, size_t start,
		    const struct nl_extack *ea, const struct attr_space *space,
		    char *buf, size_t size)
{
	const struct attr_space *sp = space;
	char path[128];
	size_t used;

	if (ea->has_miss_type) {
		path[0] = '\0';
		if (ea->has_miss_nest &&
		    extack_attr_path(msg, len, start, ea->miss_nest, space,
				     path, sizeof(path), &sp))
			sp = NULL;
		used = strlen(path);
		append_name(path, sizeof(path), &used, sp, ea->miss_type);
		snprintf(buf, size, "missing attribute \"%s\"", path);
		return 0;
	}
	if (ea->has_offs &&
	    !extack_attr_path(msg, len, start, ea->offs, space, path,
			      sizeof(path), NULL)) {
		snprintf(buf, size, "bad attribute \"%s\"", path);
		return 0;
	}
	return -1;
}

/* "PREFIX: MESSAGE." on stderr, the full stop added if it has none. */
void extack_print_msg(const char *prefix, const char *msg)
{
	size_t len = strlen(msg);

	fprintf(stderr, "%s: %s%s\n", prefix, msg,
		len && msg[len - 1] == '.' ? "" : ".");
}

/*
 * A request the kernel refused: its extended-ACK message if it sent one,
 * else the errno's description and, if known, the attribute @attr
 * (extack_describe()) it pointed at.
 */
void extack_report(int error, const char *msg, const char *attr)
{
	char buf[320];

	if (msg && *msg) {
		extack_print_msg("Error", msg);
		return;
	}
	if (error == EPERM)
		snprintf(buf, sizeof(buf), "%s (CAP_NET_ADMIN needed)",
			 strerror(EPERM));
	else if (attr && *attr)
		snprintf(buf, sizeof(buf), "%s (%s)", strerror(error), attr);
	else
		snprintf(buf, sizeof(buf), "%s", strerror(error));
	extack_print_msg("Error", buf);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: parsing of netlink extended ACKs.
 *
 * With NETLINK_EXT_ACK set, the kernel appends NLMSGERR_ATTR_* TLVs to an
 * NLMSG_ERROR (after struct nlmsgerr and, unless NLM_F_CAPPED, the echoed
 * request) or to the NLMSG_DONE of a dump (after its int error), and sets
 * NLM_F_ACK_TLVS. Everything is bounds-checked: the buffer comes from the
 * kernel, but tests feed it too.
 */
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

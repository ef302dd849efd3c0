// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl unit tests: the extended-ACK TLV parser, fed with NLMSG_ERROR
 * and NLMSG_DONE messages built in memory as the kernel builds them.
 */
#include <errno.h>
#include <string.h>

#include "../extack.h"
#include "tap.h"

static union {
	char buf[512];
	struct nlmsghdr nlh;	/* alignment */
} m;

static size_t put_tlv(size_t off, uint16_t type, const void *data,
		      size_t len)
{
	struct nlattr nla = { .nla_len = NLA_HDRLEN + len, .nla_type = type };

	memcpy(m.buf + off, &nla, sizeof(nla));
	memcpy(m.buf + off + NLA_HDRLEN, data, len);
	return off + NLA_ALIGN(nla.nla_len);
}

/* An NLMSG_ERROR for a request of @req_len bytes (echoed unless capped). */
static size_t build_error(int error, bool capped, size_t req_len)
{
	struct nlmsghdr *nlh = &m.nlh;
	struct nlmsgerr err = { .error = error };
	size_t payload = sizeof(err);

	memset(m.buf, 0, sizeof(m.buf));
	err.msg.nlmsg_len = req_len;
	err.msg.nlmsg_type = 0x20;
	if (!capped)
		payload += req_len - NLMSG_HDRLEN;
	memcpy(NLMSG_DATA(nlh), &err, sizeof(err));
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = capped ? NLM_F_CAPPED : 0;
	nlh->nlmsg_len = NLMSG_HDRLEN + payload;
	return NLMSG_ALIGN(nlh->nlmsg_len);
}

static void add_msg(size_t *off, const char *text)
{
	*off = put_tlv(*off, NLMSGERR_ATTR_MSG, text, strlen(text) + 1);
	m.nlh.nlmsg_flags |= NLM_F_ACK_TLVS;
	m.nlh.nlmsg_len = *off;
}

static void test_error(void)
{
	struct nl_extack ea;
	uint32_t u;
	size_t off;

	off = build_error(-EINVAL, true, 36);
	add_msg(&off, "Switch name already in use");
	tap_ok(!extack_parse(&m.nlh, &ea) && ea.error == EINVAL,
	       "extack: capped error parsed, errno EINVAL");
	TAP_STR(ea.msg, "Switch name already in use", "extack: capped message");

	off = build_error(-EEXIST, false, 37);	/* odd length: padded */
	add_msg(&off, "exists");
	u = 28;
	off = put_tlv(off, NLMSGERR_ATTR_OFFS, &u, sizeof(u));
	m.nlh.nlmsg_len = off;
	tap_ok(!extack_parse(&m.nlh, &ea) && ea.error == EEXIST,
	       "extack: uncapped error parsed");
	TAP_STR(ea.msg, "exists", "extack: message after the echoed request");
	tap_ok(ea.has_offs && ea.offs == 28, "extack: NLMSGERR_ATTR_OFFS");

	off = build_error(-EINVAL, true, 36);
	u = 7;
	off = put_tlv(off, NLMSGERR_ATTR_MISS_TYPE, &u, sizeof(u));
	m.nlh.nlmsg_flags |= NLM_F_ACK_TLVS;
	m.nlh.nlmsg_len = off;
	tap_ok(!extack_parse(&m.nlh, &ea) && !ea.msg && ea.has_miss_type &&
	       ea.miss_type == 7, "extack: NLMSGERR_ATTR_MISS_TYPE, no message");

	off = build_error(-EINVAL, true, 36);
	u = 5;
	off = put_tlv(off, NLMSGERR_ATTR_MISS_TYPE, &u, sizeof(u));
	u = 24;
	off = put_tlv(off, NLMSGERR_ATTR_MISS_NEST, &u, sizeof(u));
	m.nlh.nlmsg_flags |= NLM_F_ACK_TLVS;
	m.nlh.nlmsg_len = off;
	tap_ok(!extack_parse(&m.nlh, &ea) && ea.has_miss_type &&
	       ea.miss_type == 5 && ea.has_miss_nest && ea.miss_nest == 24,
	       "extack: NLMSGERR_ATTR_MISS_NEST");

	off = build_error(-EPERM, true, 36);
	tap_ok(!extack_parse(&m.nlh, &ea) && ea.error == EPERM && !ea.msg,
	       "extack: no NLM_F_ACK_TLVS, no message");

	off = build_error(0, true, 36);
	add_msg(&off, "deprecated attribute");
	tap_ok(!extack_parse(&m.nlh, &ea) && !ea.error && ea.msg &&
	       !strcmp(ea.msg, "deprecated attribute"),
	       "extack: warning on a successful ACK");
}

static void test_malformed(void)
{
	struct nl_extack ea;
	size_t off;

	off = build_error(-EINVAL, true, 36);
	off = put_tlv(off, NLMSGERR_ATTR_MSG, "abc", 3);	/* no NUL */
	m.nlh.nlmsg_flags |= NLM_F_ACK_TLVS;
	m.nlh.nlmsg_len = off;
	tap_ok(!extack_parse(&m.nlh, &ea) && !ea.msg,
	       "extack: unterminated message ignored");

	off = build_error(-EINVAL, true, 36);
	add_msg(&off, "truncated");
	m.nlh.nlmsg_len = off - 8;	/* TLV overruns the message */
	tap_ok(!extack_parse(&m.nlh, &ea) && ea.error == EINVAL && !ea.msg,
	       "extack: overrunning TLV ignored");

	build_error(-EINVAL, false, 36);
	m.nlh.nlmsg_flags |= NLM_F_ACK_TLVS;
	m.nlh.nlmsg_len = NLMSG_HDRLEN + sizeof(struct nlmsgerr);
	tap_ok(!extack_parse(&m.nlh, &ea) && !ea.msg,
	       "extack: echoed request longer than the message");

	m.nlh.nlmsg_len = NLMSG_HDRLEN + 2;
	tap_ok(extack_parse(&m.nlh, &ea) == -1, "extack: truncated nlmsgerr");

	m.nlh.nlmsg_type = 0x20;
	m.nlh.nlmsg_len = NLMSG_HDRLEN + sizeof(struct nlmsgerr);
	tap_ok(extack_parse(&m.nlh, &ea) == -1, "extack: not an error message");
}

static void test_done(void)
{
	struct nl_extack ea;
	int error = -ENOBUFS;
	size_t off;

	memset(m.buf, 0, sizeof(m.buf));
	m.nlh.nlmsg_type = NLMSG_DONE;
	m.nlh.nlmsg_flags = NLM_F_MULTI;
	memcpy(NLMSG_DATA(&m.nlh), &error, sizeof(error));
	off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(error));
	add_msg(&off, "dump failed");
	tap_ok(!extack_parse(&m.nlh, &ea) && ea.error == ENOBUFS,
	       "extack: NLMSG_DONE error");
	TAP_STR(ea.msg, "dump failed", "extack: NLMSG_DONE message");

	m.nlh.nlmsg_len = NLMSG_HDRLEN;
	m.nlh.nlmsg_flags = NLM_F_MULTI;
	tap_ok(!extack_parse(&m.nlh, &ea) && !ea.error && !ea.msg,
	       "extack: empty NLMSG_DONE");
}

void test_extack(void)
{
	test_error();
	test_malformed();
	test_done();
}

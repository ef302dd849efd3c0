// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl unit tests: a fake kernel behind the flow batcher's transport, and
 * the capture of stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "fake.h"

struct fake_kernel fake;

#define TOMBSTONE	UINT64_MAX

/* The set stores cookie + 1: 0 is a free slot. */
static size_t slot_of(uint64_t key)
{
	uint64_t h = key * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 20) & (fake.set_size - 1);
}

static uint64_t *find_slot(uint64_t cookie, bool insert)
{
	uint64_t key = cookie + 1, *tomb = NULL;
	size_t i = slot_of(key);

	for (;; i = (i + 1) & (fake.set_size - 1)) {
		if (fake.set[i] == key)
			return &fake.set[i];
		if (fake.set[i] == TOMBSTONE && !tomb)
			tomb = &fake.set[i];
		if (!fake.set[i])
			return insert ? (tomb ? tomb : &fake.set[i]) : NULL;
	}
}

bool fake_installed(uint64_t cookie)
{
	return find_slot(cookie, false) != NULL;
}

static void set_add(uint64_t cookie)
{
	uint64_t *s = find_slot(cookie, true);

	if (*s != cookie + 1) {
		*s = cookie + 1;
		fake.set_count++;
	}
}

static void set_del(uint64_t cookie)
{
	uint64_t *s = find_slot(cookie, false);

	if (s) {
		*s = TOMBSTONE;
		fake.set_count--;
	}
}

void fake_reset(void)
{
	while (fake.qcount) {
		free(fake.queue[fake.qhead]);
		fake.qhead = (fake.qhead + 1) % FAKE_MAX_REQS;
		fake.qcount--;
	}
	free(fake.set);
	memset(&fake, 0, sizeof(fake));
	fake.set_size = 1 << 18;
	fake.set = calloc(fake.set_size, sizeof(*fake.set));
}

static void queue_ack(const struct nlmsghdr *req, int error, const char *msg,
		      bool has_offs, uint32_t offs)
{
	size_t mlen = msg ? strlen(msg) + 1 : 0;
	size_t len = NLMSG_HDRLEN + sizeof(struct nlmsgerr) +
		     NLA_HDRLEN + NLA_ALIGN(mlen) + NLA_HDRLEN + 4;
	struct nlmsghdr *nlh = calloc(1, NLMSG_ALIGN(len));
	struct nlmsgerr *err = NLMSG_DATA(nlh);
	char *p = (char *)(err + 1);
	struct nlattr *nla;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = NLM_F_CAPPED;
	nlh->nlmsg_seq = req->nlmsg_seq;
	err->error = -error;
	err->msg = *req;
	if (error && msg && !fake.no_msg) {
		nla = (struct nlattr *)p;
		nla->nla_type = NLMSGERR_ATTR_MSG;
		nla->nla_len = NLA_HDRLEN + mlen;
		memcpy(p + NLA_HDRLEN, msg, mlen);
		p += NLA_ALIGN(nla->nla_len);
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	}
	if (error && has_offs && !fake.no_offset) {
		nla = (struct nlattr *)p;
		nla->nla_type = NLMSGERR_ATTR_OFFS;
		nla->nla_len = NLA_HDRLEN + 4;
		memcpy(p + NLA_HDRLEN, &offs, 4);
		p += NLA_ALIGN(nla->nla_len);
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	}
	nlh->nlmsg_len = p - (char *)nlh;
	fake.queue[(fake.qhead + fake.qcount) % FAKE_MAX_REQS] = nlh;
	fake.qcount++;
}

struct fake_flow {
	uint64_t cookie;
	uint32_t nest_off, cookie_off;
};

static bool is_bad(uint64_t cookie)
{
	unsigned int i;

	for (i = 0; i < fake.nbad; i++)
		if (fake.bad[i] == cookie)
			return true;
	return false;
}

static struct fake_flow flows[VXFP_FLOW_MAX_BATCH * 2];
static struct {
	bool add;
	uint64_t cookie;
} undo[VXFP_FLOW_MAX_BATCH * 2];

/* Apply a request all or none, as the module does. */
static void handle(const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = nlmsg_data(req);
	unsigned int n = 0, nundo = 0, i, bad = 0;
	uint32_t sw_off = 0, err_off = 0;
	const char *msg = NULL;
	struct nlattr *nla, *c;
	bool replace = false;
	int rem, crem, error = 0, e;

	nla_for_each_attr(nla, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0),
			  rem) {
		uint32_t off = (char *)nla - (char *)req;

		if (nla_type(nla) == VXFP_A_SWITCH_NAME)
			sw_off = off;
		if (nla_type(nla) == VXFP_A_FLOW_REPLACE)
			replace = true;
		if (nla_type(nla) != VXFP_A_FLOW ||
		    n == sizeof(flows) / sizeof(flows[0]))
			continue;
		flows[n].nest_off = off;
		flows[n].cookie_off = off;
		nla_for_each_nested(c, nla, crem) {
			if (nla_type(c) == VXFP_FLOW_A_COOKIE) {
				flows[n].cookie = nla_get_u64(c);
				flows[n].cookie_off = (char *)c - (char *)req;
			}
		}
		n++;
	}
	if (fake.sends < FAKE_MAX_REQS) {
		fake.nests[fake.sends] = n;
		fake.flags[fake.sends] = req->nlmsg_flags;
		fake.replace[fake.sends] = replace;
		fake.cmds[fake.sends] = g->cmd;
	}
	fake.flows_seen += n;
	if (req->nlmsg_len > fake.max_len)
		fake.max_len = req->nlmsg_len;
	if (fake.keep_none) {
		queue_ack(req, 0, NULL, false, 0);
		return;
	}
	for (i = 0; i < n; i++) {
		uint64_t ck = flows[i].cookie;
		const char *m = NULL;
		uint32_t off = flows[i].cookie_off;

		e = 0;
		if (is_bad(ck)) {
			e = EINVAL;
			m = "bad flow";
			if (!(ck & 1))
				off = flows[i].nest_off;
		} else if (g->cmd == VXFP_CMD_FLOW_NEW && !replace &&
			   fake_installed(ck)) {
			e = EEXIST;
			m = "a flow of this cookie exists";
		} else if (g->cmd == VXFP_CMD_FLOW_DEL && !fake_installed(ck)) {
			e = ENOENT;
			m = "no flow of this cookie";
		}
		if (e) {
			if (!error || fake.last_bad) {
				error = e;
				msg = m;
				err_off = off;
				bad = i;
			}
			if (!fake.last_bad)
				break;
			continue;
		}
		if (g->cmd == VXFP_CMD_FLOW_DEL) {
			set_del(ck);
			undo[nundo].add = false;
		} else {
			if (fake_installed(ck))
				continue;	/* replaced */
			set_add(ck);
			undo[nundo].add = true;
		}
		undo[nundo++].cookie = ck;
	}
	(void)bad;
	if (error) {
		while (nundo--) {
			if (undo[nundo].add)
				set_del(undo[nundo].cookie);
			else
				set_add(undo[nundo].cookie);
		}
		queue_ack(req, error, msg, true,
			  fake.at_switch ? sw_off : err_off);
		return;
	}
	queue_ack(req, 0, NULL, false, 0);
}

static int fake_open(void *arg, int *family)
{
	(void)arg;
	*family = 0x20;
	return fake.open_ret;
}

static int fake_send(void *arg, const void *buf, size_t len)
{
	(void)arg;
	(void)len;
	if (fake.fail_send && fake.sends + 1 == fake.fail_send) {
		fake.sends++;
		return -ENOBUFS;
	}
	handle(buf);
	fake.sends++;
	return 0;
}

/* One datagram: one ACK, or two when lazy (as a burst would come). */
static ssize_t fake_recv(void *arg, void *buf, size_t len, bool block)
{
	size_t used = 0;
	int i;

	(void)arg;
	if (fake.lazy && !block)
		return 0;
	if (!fake.qcount)
		return block ? -EIO : 0;	/* would wait forever */
	for (i = 0; i < (fake.lazy ? 2 : 1) && fake.qcount; i++) {
		struct nlmsghdr *nlh = fake.queue[fake.qhead];
		size_t l = NLMSG_ALIGN(nlh->nlmsg_len);

		if (used + l > len)
			break;
		memcpy((char *)buf + used, nlh, nlh->nlmsg_len);
		used += l;
		free(nlh);
		fake.qhead = (fake.qhead + 1) % FAKE_MAX_REQS;
		fake.qcount--;
	}
	return (ssize_t)used;
}

const struct fb_transport fake_transport = {
	.open = fake_open,
	.send = fake_send,
	.recv = fake_recv,
};

static FILE *cap;
static int saved_fd = -1;
static char *cap_buf;

void capture_start(void)
{
	fflush(stderr);
	cap = tmpfile();
	saved_fd = dup(STDERR_FILENO);
	if (cap)
		dup2(fileno(cap), STDERR_FILENO);
}

/* What was written to stderr since capture_start(); valid until the next. */
const char *capture_end(void)
{
	long size;

	fflush(stderr);
	if (saved_fd >= 0) {
		dup2(saved_fd, STDERR_FILENO);
		close(saved_fd);
		saved_fd = -1;
	}
	free(cap_buf);
	cap_buf = NULL;
	if (!cap)
		return "";
	fseek(cap, 0, SEEK_END);
	size = ftell(cap);
	cap_buf = calloc(1, size > 0 ? size + 1 : 1);
	rewind(cap);
	if (cap_buf && size > 0 && fread(cap_buf, 1, size, cap) != (size_t)size)
		cap_buf[0] = '\0';
	fclose(cap);
	cap = NULL;
	return cap_buf ? cap_buf : "";
}

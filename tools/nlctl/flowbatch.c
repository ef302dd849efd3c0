// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: consecutive "flow add", "flow replace" or "flow del" lines of a
 * batch file, for one switch, go to the kernel as few requests: each one
 * VXFP_CMD_FLOW_NEW (or _DEL) with up to VXFP_FLOW_MAX_BATCH VXFP_A_FLOW
 * nests, or about FB_MAX_BYTES of them. Up to FB_WINDOW requests are in
 * flight: each is sent without waiting for its ACK, and the ACKs that are
 * there already are read after each send.
 *
 * The kernel installs a request all or none, and its extended ACK points
 * at the attribute it refused (NLMSGERR_ATTR_OFFS, or _MISS_NEST): the
 * nest that holds that offset is the flow, and so the line, that failed.
 * The flows before it are sent again, without it, so that everything
 * before the failing line is installed, as if one request per line had
 * been sent; with -force, those after it too. An error that points at no
 * flow sends the request's flows again one by one. Failures are reported
 * in the order of the lines: "Error: <extack>." then "Command failed
 * FILE:LINE".
 *
 * Another command, or "flow del" after "flow add", waits for every ACK
 * first; so does a line that does not parse, whose error is held back
 * (nlctl_set_err()) until the lines before it are done.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "extack.h"
#include "flow.h"
#include "nlctl.h"

/* Room for the requests, and for an error that echoes a whole one. */
#define FB_MSG_SIZE	(FB_MAX_BYTES + 16384)
#define FB_RECV_SIZE	(FB_MSG_SIZE + 4096)

/* A request, being filled or sent. */
struct fb_req {
	struct nl_msg *msg;
	uint32_t seq;
	unsigned int n;			/* flows */
	uint32_t *offs;			/* n + 1: each nest's offset, the end */
	unsigned long *lines;		/* each flow's line */
	struct nlmsghdr *reply;		/* its ACK, once here (a copy) */
};

struct flow_batch {
	const char *file;
	bool force;
	const struct fb_transport *tp;
	int family;
	/* what the last request was for: a change waits for the ACKs */
	enum flow_cmd cmd;
	int flags;
	char sw[VXFP_NAME_LEN];
	struct fb_req cur;		/* being filled */
	struct fb_req ring[FB_WINDOW];	/* sent, oldest at head */
	unsigned int head, count;
	struct fb_req *resend;		/* sent again, its ACK awaited */
	uint32_t seq;
	int ret;		/* first failure of the current call */
	bool stop;		/* a failure, without -force: send no more */
	bool dead;		/* the socket failed: drop everything */
	FILE *errf;		/* held-back syntax errors */
	char *errbuf;
	size_t errsize;
	void *rbuf;
	struct fb_stats st;
};

/* A "flow add|replace|delete" line: argv[0] is the object. */
bool flow_batch_takes(int argc, char **argv)
{
	enum flow_word w;

	if (argc < 2 || !matches(argv[0], "flow"))
		return false;
	w = flow_word(argv[1]);
	return w == FW_ADD || w == FW_REPLACE || w == FW_DEL;
}

static int req_init(struct fb_req *r, unsigned int max)
{
	memset(r, 0, sizeof(*r));
	r->offs = malloc((max + 1) * sizeof(*r->offs));
	r->lines = malloc(max * sizeof(*r->lines));
	return r->offs && r->lines ? 0 : -ENOMEM;
}

static void req_reset(struct fb_req *r)
{
	nlmsg_free(r->msg);
	r->msg = NULL;
	free(r->reply);
	r->reply = NULL;
	r->n = 0;
}

static void req_free(struct fb_req *r)
{
	req_reset(r);
	free(r->offs);
	free(r->lines);
	r->offs = NULL;
	r->lines = NULL;
}

/* Before requests whose ACKs have not come are freed. */
static void drain(struct flow_batch *b)
{
	if (b->tp->drain)
		b->tp->drain(b->tp->arg);
}

struct flow_batch *flow_batch_new(const char *file, bool force,
				  const struct fb_transport *tp)
{
	struct flow_batch *b = calloc(1, sizeof(*b));
	unsigned int i;
	int ret;

	if (!b)
		return NULL;
	b->file = file;
	b->force = force;
	b->tp = tp;
	b->family = -1;
	ret = req_init(&b->cur, VXFP_FLOW_MAX_BATCH);
	for (i = 0; i < FB_WINDOW && !ret; i++)
		ret = req_init(&b->ring[i], VXFP_FLOW_MAX_BATCH);
	b->errf = open_memstream(&b->errbuf, &b->errsize);
	b->rbuf = malloc(FB_RECV_SIZE);
	if (ret || !b->errf || !b->rbuf) {
		flow_batch_free(b);
		return NULL;
	}
	return b;
}

void flow_batch_free(struct flow_batch *b)
{
	unsigned int i;

	if (!b)
		return;
	drain(b);
	req_free(&b->cur);
	for (i = 0; i < FB_WINDOW; i++)
		req_free(&b->ring[i]);
	if (b->errf)
		fclose(b->errf);
	free(b->errbuf);
	free(b->rbuf);
	free(b);
}

const struct fb_stats *flow_batch_stats(const struct flow_batch *b)
{
	return &b->st;
}

/*
 * The flow whose nest holds offset @off: offs[0..n) are the nests, in
 * order, offs[n] their end. Returns its index, or -1 if in none.
 */
int flow_batch_index(const uint32_t *offs, unsigned int n, uint32_t off)
{
	unsigned int lo = 0, hi, mid;

	if (!n || off < offs[0] || off >= offs[n])
		return -1;
	hi = n - 1;
	while (lo < hi) {
		mid = (lo + hi + 1) / 2;
		if (offs[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return (int)lo;
}

static void failed(struct flow_batch *b, unsigned long line, int ret)
{
	fprintf(stderr, "Command failed %s:%lu\n", b->file, line);
	if (!b->ret)
		b->ret = ret;
	if (!b->force)
		b->stop = true;
}

/* The socket failed: nothing can be known of what is in flight. */
static void fatal(struct flow_batch *b, const struct fb_req *r, int err)
{
	unsigned long line = r && r->n ? r->lines[0] : 0;

	if (b->count && b->ring[b->head].n)
		line = b->ring[b->head].lines[0];
	fprintf(stderr, "Error: netlink: %s.\n", strerror(-err));
	if (line)
		fprintf(stderr, "Command failed %s:%lu\n", b->file, line);
	if (!b->ret)
		b->ret = NLCTL_EXIT_KERNEL;
	b->stop = !b->force;
	b->dead = true;
}

/* After a fatal error, at the end of a call: forget everything. */
static void bury(struct flow_batch *b)
{
	unsigned int i;

	if (!b->dead)
		return;
	drain(b);
	req_reset(&b->cur);
	for (i = 0; i < FB_WINDOW; i++)
		req_reset(&b->ring[i]);
	b->head = b->count = 0;
	b->dead = false;
}

static int send_req(struct flow_batch *b, struct fb_req *r)
{
	struct nlmsghdr *nlh = nlmsg_hdr(r->msg);
	int ret;

	r->offs[r->n] = nlh->nlmsg_len;
	nlh->nlmsg_flags |= NLM_F_REQUEST;
	nlh->nlmsg_seq = ++b->seq;
	r->seq = nlh->nlmsg_seq;
	ret = b->tp->send(b->tp->arg, nlh, nlh->nlmsg_len);
	if (ret < 0) {
		fatal(b, r, ret);
		return ret;
	}
	b->st.requests++;
	b->st.flows += r->n;
	return 0;
}

static struct fb_req *find_req(struct flow_batch *b, uint32_t seq)
{
	unsigned int i;
	struct fb_req *r;

	if (b->resend && b->resend->seq == seq)
		return b->resend;
	for (i = 0; i < b->count; i++) {
		r = &b->ring[(b->head + i) % FB_WINDOW];
		if (r->seq == seq)
			return r;
	}
	return NULL;
}

/*
 * Read what the kernel sent (waiting for it if @block) and keep each ACK
 * with its request. Returns 1 if something came, 0 if not, -1 if the
 * socket failed.
 */
static int recv_acks(struct flow_batch *b, bool block)
{
	struct nlmsghdr *nlh;
	struct fb_req *r;
	size_t pos;
	ssize_t n;

	n = b->tp->recv(b->tp->arg, b->rbuf, FB_RECV_SIZE, block);
	if (n < 0) {
		fatal(b, NULL, (int)n);
		return -1;
	}
	if (!n)
		return 0;
	for (pos = 0; pos + NLMSG_HDRLEN <= (size_t)n;
	     pos += NLMSG_ALIGN(nlh->nlmsg_len)) {
		nlh = (struct nlmsghdr *)((char *)b->rbuf + pos);
		if (nlh->nlmsg_len < NLMSG_HDRLEN ||
		    nlh->nlmsg_len > (size_t)n - pos)
			break;
		if (nlh->nlmsg_type != NLMSG_ERROR)
			continue;
		r = find_req(b, nlh->nlmsg_seq);
		if (!r || r->reply)
			continue;
		r->reply = malloc(nlh->nlmsg_len);
		if (!r->reply) {
			fatal(b, r, -ENOMEM);
			return -1;
		}
		memcpy(r->reply, nlh, nlh->nlmsg_len);
	}
	return 1;
}

/* The ACK of @r, parsed; a malformed one is an EPROTO error. */
static void parse_ack(const struct fb_req *r, struct nl_extack *ea)
{
	if (extack_parse(r->reply, ea))
		ea->error = EPROTO;
}

static void report(struct flow_batch *b, const struct fb_req *r, int idx,
		   const struct nl_extack *ea)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(r->msg);
	char attr[160] = "";

	if (!ea->msg)
		extack_describe(nlh, nlh->nlmsg_len, NLMSG_HDRLEN + GENL_HDRLEN,
				ea, &vxfp_attr_space, attr, sizeof(attr));
	extack_report(ea->error, ea->msg, attr);
	failed(b, r->lines[idx], NLCTL_EXIT_KERNEL);
}

static void fail(struct flow_batch *b, struct fb_req *r,
		 const struct nl_extack *ea);

/* Send flows [@a, @z) of @r again, alone, and wait for the ACK. */
static void resend(struct flow_batch *b, const struct fb_req *r,
		   unsigned int a, unsigned int z)
{
	const struct nlmsghdr *old = nlmsg_hdr(r->msg);
	uint32_t head = r->offs[0], span = r->offs[z] - r->offs[a];
	struct nlmsghdr *nlh;
	struct nl_extack ea;
	struct fb_req n;
	unsigned int i;

	if (!req_init(&n, z - a))
		n.msg = nlmsg_alloc_size(head + span + NLMSG_ALIGNTO);
	if (!n.msg) {
		req_free(&n);
		fatal(b, r, -ENOMEM);
		return;
	}
	nlh = nlmsg_hdr(n.msg);
	memcpy(nlh, old, head);
	memcpy((char *)nlh + head, (const char *)old + r->offs[a], span);
	nlh->nlmsg_len = head + span;
	n.n = z - a;
	for (i = 0; i < n.n; i++) {
		n.offs[i] = r->offs[a + i] - r->offs[a] + head;
		n.lines[i] = r->lines[a + i];
	}
	b->st.resends++;
	if (!send_req(b, &n)) {
		b->resend = &n;
		while (!n.reply && !b->dead)
			recv_acks(b, true);
		b->resend = NULL;
	}
	if (!b->dead) {
		parse_ack(&n, &ea);
		if (ea.error)
			fail(b, &n, &ea);
		else if (ea.msg)
			extack_print_msg("Warning", ea.msg);
	}
	req_free(&n);
}

/*
 * Request @r failed: report the line it points at, after the lines before
 * it are installed (sent again); then, with -force, install those after.
 */
static void fail(struct flow_batch *b, struct fb_req *r,
		 const struct nl_extack *ea)
{
	int idx = -1;
	unsigned int i;

	if (ea->has_offs)
		idx = flow_batch_index(r->offs, r->n, ea->offs);
	else if (ea->has_miss_nest)
		idx = flow_batch_index(r->offs, r->n, ea->miss_nest);
	if (idx < 0 && r->n > 1) {
		/* Not one flow's fault, or not said: one by one. */
		for (i = 0; i < r->n && !b->stop && !b->dead; i++)
			resend(b, r, i, i + 1);
		return;
	}
	if (idx < 0)
		idx = 0;
	if (idx > 0)
		resend(b, r, 0, idx);
	if (b->stop || b->dead)
		return;
	report(b, r, idx, ea);
	if (!b->stop && !b->dead && (unsigned int)idx + 1 < r->n)
		resend(b, r, idx + 1, r->n);
}

static bool all_answered(const struct flow_batch *b)
{
	unsigned int i;

	for (i = 0; i < b->count; i++)
		if (!b->ring[(b->head + i) % FB_WINDOW].reply)
			return false;
	return true;
}

/* The oldest request has its ACK: act on it. */
static void done(struct flow_batch *b, struct fb_req *r)
{
	struct nl_extack ea;

	parse_ack(r, &ea);
	if (!ea.error) {
		if (ea.msg)
			extack_print_msg("Warning", ea.msg);
		if (b->stop)
			fprintf(stderr,
				"Warning: lines %lu to %lu, sent before the failure, were applied.\n",
				r->lines[0], r->lines[r->n - 1]);
		return;
	}
	if (b->stop)
		return;		/* after the first failure: not run */
	/* Those sent after it are answered before anything is sent again. */
	while (!b->dead && !all_answered(b))
		recv_acks(b, true);
	if (!b->dead)
		fail(b, r, &ea);
}

/* Act on the ACKs that are here, oldest first. */
static void process(struct flow_batch *b)
{
	struct fb_req *r;

	while (b->count && !b->dead) {
		r = &b->ring[b->head];
		if (!r->reply)
			break;
		done(b, r);
		if (b->dead)
			break;
		req_reset(r);
		b->head = (b->head + 1) % FB_WINDOW;
		b->count--;
	}
}

/* Wait for the oldest ACK and act on it (and on any that came with it). */
static void wait_one(struct flow_batch *b)
{
	if (!b->ring[b->head].reply)
		recv_acks(b, true);
	process(b);
}

/* Send the request being filled. */
static void flush(struct flow_batch *b)
{
	struct fb_req tmp;
	unsigned int slot;

	if (!b->cur.n) {
		req_reset(&b->cur);
		return;
	}
	while (b->count == FB_WINDOW && !b->dead)
		wait_one(b);
	if (b->stop || b->dead) {
		req_reset(&b->cur);	/* after a failure: not run */
		return;
	}
	if (send_req(b, &b->cur))
		return;
	slot = (b->head + b->count) % FB_WINDOW;
	tmp = b->ring[slot];
	b->ring[slot] = b->cur;
	b->cur = tmp;
	b->count++;
	if (b->count > b->st.max_inflight)
		b->st.max_inflight = b->count;
	/* What is answered already (all of it, when the kernel is quick). */
	while (!b->dead && recv_acks(b, false) > 0)
		;
	process(b);
}

/* Send what is pending and wait for every ACK. */
static void sync_all(struct flow_batch *b)
{
	flush(b);
	while (b->count && !b->dead)
		wait_one(b);
}

/*
 * Send what is pending, wait for the ACKs, report failures. Returns the
 * exit code of the first failure, or 0.
 */
int flow_batch_sync(struct flow_batch *b)
{
	b->ret = 0;
	sync_all(b);
	bury(b);
	return b->ret;
}

static int start(struct flow_batch *b, enum flow_cmd cmd, int flags,
		 const char *sw)
{
	struct nl_msg *msg;

	msg = nlmsg_alloc_size(FB_MSG_SIZE);
	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, b->family, 0,
				 NLM_F_ACK,
				 cmd == FLOW_DEL ? VXFP_CMD_FLOW_DEL :
				 VXFP_CMD_FLOW_NEW, VXFP_GENL_VERSION) ||
	    nla_put_string(msg, VXFP_A_SWITCH_NAME, sw) < 0 ||
	    ((flags & FLOW_REPLACE_FLAGS) &&
	     nla_put_flag(msg, VXFP_A_FLOW_REPLACE) < 0)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	b->cur.msg = msg;
	b->cur.n = 0;
	b->cmd = cmd;
	b->flags = flags;
	snprintf(b->sw, sizeof(b->sw), "%s", sw);
	return 0;
}

static int put(struct nl_msg *msg, enum flow_cmd cmd,
	       const struct flow_spec *f)
{
	return cmd == FLOW_DEL ? flow_put_cookie(msg, f->cookie) :
	       flow_put(msg, f);
}

/* Add flow @f of line @lineno to the request being filled. */
static void append(struct flow_batch *b, const struct flow_spec *f,
		   enum flow_cmd cmd, int flags, unsigned long lineno)
{
	struct fb_req *r = &b->cur;
	struct nlmsghdr *nlh;
	uint32_t from;
	int ret;

	if (!r->msg) {
		ret = b->tp->open(b->tp->arg, &b->family);
		if (ret) {
			failed(b, lineno, ret);
			return;
		}
		if (start(b, cmd, flags, f->sw)) {
			fatal(b, NULL, -ENOMEM);
			return;
		}
	}
	nlh = nlmsg_hdr(r->msg);
	from = nlh->nlmsg_len;
	ret = put(r->msg, cmd, f);
	if (r->n && (ret < 0 || nlh->nlmsg_len - r->offs[0] > FB_MAX_BYTES)) {
		nlh->nlmsg_len = from;		/* full: in the next one */
		flush(b);
		if (b->stop || b->dead)
			return;
		if (start(b, cmd, flags, f->sw)) {
			fatal(b, NULL, -ENOMEM);
			return;
		}
		nlh = nlmsg_hdr(r->msg);
		from = nlh->nlmsg_len;
		ret = put(r->msg, cmd, f);
	}
	if (ret < 0) {
		nlh->nlmsg_len = from;
		fprintf(stderr, "Error: the flow does not fit in a request.\n");
		failed(b, lineno, NLCTL_EXIT_USAGE);
		return;
	}
	r->offs[r->n] = from;
	r->lines[r->n] = lineno;
	r->n++;
	if (r->n == VXFP_FLOW_MAX_BATCH)
		flush(b);
}

/*
 * One "flow add|replace|delete ..." line (argv[0] is the object), line
 * @lineno of the batch file. Failures of this line or of earlier ones
 * found meanwhile are reported. Returns the exit code of the first, or 0.
 */
int flow_batch_line(struct flow_batch *b, int argc, char **argv,
		    unsigned long lineno)
{
	enum flow_word w = flow_word(argv[1]);
	enum flow_cmd cmd = w == FW_DEL ? FLOW_DEL : FLOW_ADD;
	int flags = w == FW_REPLACE ? FLOW_REPLACE_FLAGS : 0;
	bool held = b->cur.n || b->count;
	struct flow_spec f;
	long len = 0;
	int ret;

	b->ret = 0;
	if (held) {
		rewind(b->errf);
		nlctl_set_err(b->errf);
	}
	ret = flow_parse(cmd, argc - 2, argv + 2, &f);
	if (held) {
		nlctl_set_err(NULL);
		fflush(b->errf);
		len = ftell(b->errf);
	}
	if (ret) {
		sync_all(b);		/* the lines before it first */
		if (!b->stop && ret < 0) {
			flow_usage(stdout);
		} else if (!b->stop) {
			if (len > 0)
				fwrite(b->errbuf, 1, len, stderr);
			failed(b, lineno, ret);
		}
		goto out;
	}
	if ((b->cur.n || b->count) && (cmd != b->cmd || flags != b->flags))
		sync_all(b);
	else if (b->cur.n && strcmp(f.sw, b->sw))
		flush(b);
	if (!b->stop && !b->dead)
		append(b, &f, cmd, flags, lineno);
out:
	bury(b);
	return b->ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: the generic-netlink socket, resolution of the "vxfp" family,
 * and request/dump helpers with extended-ACK error reporting.
 *
 * libnl-3 has no extended-ACK support: NETLINK_EXT_ACK is set on the raw
 * fd, and NLMSG_ERROR / NLMSG_DONE are parsed here (extack.c). Auto-ACK is
 * off: doit requests ask for an ACK explicitly and are waited for until
 * it (or an error) arrives; dumps are read until NLMSG_DONE.
 *
 * One socket serves all requests of a run (batch included). "monitor"
 * listens to the multicast group on a socket of its own (vxfp_mon_*()),
 * without sequence checks, so that no reply can be mistaken for an event
 * nor an event for a reply.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "extack.h"
#include "nl.h"
#include "nlctl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

/* Room for a request: a flow with all its actions fits. */
#define NL_REQ_SIZE	16384
/* Socket buffers: batched flow requests of ~64 KiB, dumps, their ACKs. */
#define NL_SOCK_BUF	(1 << 20)

static struct nl_sock *sk;
static int family = -1;
static struct nl_sock *mon_sk;	/* the monitor's, not for requests */
static int open_nlerr;		/* libnl error of the last failed open */

/* The reply policy: attributes the kernel sends back. */
static struct nla_policy vxfp_policy[VXFP_A_MAX + 1] = {
	[VXFP_A_VERSION]	= { .type = NLA_STRING },
	[VXFP_A_FEATURES]	= { .type = NLA_U64 },
	[VXFP_A_GENL_VERSION]	= { .type = NLA_U32 },
	[VXFP_A_MAX_VFS]	= { .type = NLA_U32 },
	[VXFP_A_SWITCH_ID]	= { .type = NLA_U32 },
	[VXFP_A_SWITCH_NAME]	= { .type = NLA_STRING, .maxlen = VXFP_NAME_LEN },
	[VXFP_A_UPLINK_IFINDEX]	= { .type = NLA_U32 },
	[VXFP_A_PF_IFINDEX]	= { .type = NLA_U32 },
	[VXFP_A_NUM_VFS]	= { .type = NLA_U32 },
	[VXFP_A_ESWITCH_MODE]	= { .type = NLA_U8 },
	[VXFP_A_PORT_INDEX]	= { .type = NLA_U32 },
	[VXFP_A_PORT_FLAVOUR]	= { .type = NLA_U8 },
	[VXFP_A_PORT_IFINDEX]	= { .type = NLA_U32 },
	[VXFP_A_PORT_IFNAME]	= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[VXFP_A_PORT_NETNSID]	= { .type = NLA_S32, .minlen = sizeof(int32_t) },
	[VXFP_A_PORT_PHYS_NAME]	= { .type = NLA_STRING },
	[VXFP_A_REP_IFINDEX]	= { .type = NLA_U32 },
	[VXFP_A_REP_IFNAME]	= { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[VXFP_A_VF_MAC]		= { .type = NLA_UNSPEC, .minlen = ETH_ALEN,
				    .maxlen = ETH_ALEN },
	[VXFP_A_VF_VLAN]	= { .type = NLA_U16 },
	[VXFP_A_VF_QOS]		= { .type = NLA_U8 },
	[VXFP_A_VF_VLAN_PROTO]	= { .type = NLA_U16 },
	[VXFP_A_VF_SPOOFCHK]	= { .type = NLA_U8 },
	[VXFP_A_VF_TRUST]	= { .type = NLA_U8 },
	[VXFP_A_VF_LINK_STATE]	= { .type = NLA_U8 },
	[VXFP_A_VF_MAX_TX_RATE]	= { .type = NLA_U32 },
	[VXFP_A_PORT_STATS]	= { .type = NLA_NESTED },
	[VXFP_A_FLOW]		= { .type = NLA_NESTED },
	[VXFP_A_SWITCH_STATS]	= { .type = NLA_NESTED },
};

static void set_sockopts(void)
{
	int fd = nl_socket_get_fd(sk), one = 1;

	/* Best effort: old kernels lack them, errors are then plain. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
}

static int sock_connect(void)
{
	int err;

	sk = nl_socket_alloc();
	if (!sk)
		return -NLE_NOMEM;
	err = genl_connect(sk);
	if (err < 0) {
		nl_socket_free(sk);
		sk = NULL;
		return err;
	}
	/* After connecting (libnl sets 32 KiB then); capped by wmem_max. */
	nl_socket_set_buffer_size(sk, NL_SOCK_BUF, NL_SOCK_BUF);
	nl_socket_disable_auto_ack(sk);
	nl_socket_enable_msg_peek(sk);
	set_sockopts();
	return 0;
}

/*
 * Connect (once) and resolve the family (until it succeeds). Prints
 * nothing. Returns 0, -ENOENT if the family does not exist, or another
 * negative errno.
 */
int vxfp_nl_open(void)
{
	int ret;

	if (!sk) {
		ret = sock_connect();
		if (ret < 0) {
			open_nlerr = ret;
			return -EIO;
		}
	}
	if (family >= 0)
		return 0;
	ret = genl_ctrl_resolve(sk, VXFP_GENL_NAME);
	if (ret < 0) {
		open_nlerr = ret;
		return ret == -NLE_OBJ_NOTFOUND ? -ENOENT : -EIO;
	}
	family = ret;
	return 0;
}

/* vxfp_nl_open(), reporting failures; returns an exit code. */
int vxfp_nl_ready(void)
{
	int ret = vxfp_nl_open();

	if (!ret)
		return NLCTL_EXIT_OK;
	if (ret == -ENOENT)
		fprintf(stderr,
			"Error: vxfp module not loaded (generic netlink family \"%s\" not found).\n",
			VXFP_GENL_NAME);
	else if (!sk)
		fprintf(stderr, "Error: cannot open generic netlink socket: %s.\n",
			nl_geterror(open_nlerr));
	else
		fprintf(stderr,
			"Error: cannot resolve generic netlink family \"%s\": %s.\n",
			VXFP_GENL_NAME, nl_geterror(open_nlerr));
	return NLCTL_EXIT_KERNEL;
}

/* The family's id, once vxfp_nl_open() succeeded. */
int vxfp_nl_family(void)
{
	return family;
}

/* The request socket's fd, once vxfp_nl_open() succeeded. */
int vxfp_nl_fd(void)
{
	return sk ? nl_socket_get_fd(sk) : -1;
}

void vxfp_nl_close(void)
{
	nl_socket_free(sk);
	sk = NULL;
	family = -1;
}

/*
 * A request of the family with NLM_F_* @flags besides NLM_F_REQUEST (and
 * NLM_F_ACK if not a dump); vxfp_nl_open() must have succeeded.
 */
struct nl_msg *vxfp_msg_flags(uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc_size(NL_REQ_SIZE);

	if ((flags & NLM_F_DUMP) != NLM_F_DUMP)
		flags |= NLM_F_ACK;
	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags,
			 cmd, VXFP_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* A request of the family; vxfp_nl_open() must have succeeded. */
struct nl_msg *vxfp_msg_new(uint8_t cmd, bool dump)
{
	return vxfp_msg_flags(cmd, dump ? NLM_F_DUMP : 0);
}

struct req_ctx {
	struct nl_msg *req;
	vxfp_reply_fn fn;
	vxfp_msg_fn msg_fn;
	void *arg;
	bool done;
	int error;		/* errno from the kernel, or -1 (local) */
	int fn_ret;		/* first failure of fn */
	char msg[256];		/* extack message */
	char attr[160];		/* attribute the kernel pointed at */
};

static void save_attr(struct req_ctx *ctx, const struct nl_extack *ea)
{
	struct nlmsghdr *req = nlmsg_hdr(ctx->req);

	extack_describe(req, req->nlmsg_len, NLMSG_HDRLEN + GENL_HDRLEN, ea,
			&vxfp_attr_space, ctx->attr, sizeof(ctx->attr));
}

static void save_error(struct req_ctx *ctx, const struct nl_extack *ea)
{
	ctx->error = ea->error;
	if (ea->msg)
		snprintf(ctx->msg, sizeof(ctx->msg), "%s", ea->msg);
	else
		save_attr(ctx, ea);
}

static int cb_error(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	/* libnl passes the payload: step back to the message header. */
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)err - NLMSG_HDRLEN);
	struct req_ctx *ctx = arg;
	struct nl_extack ea;

	(void)nla;
	if (extack_parse(nlh, &ea) || !ea.error)
		ea.error = err->error < 0 ? -err->error : EPROTO;
	save_error(ctx, &ea);
	return NL_STOP;		/* NL_SKIP would turn a refusal into success */
}

static int cb_ack(struct nl_msg *msg, void *arg)
{
	struct req_ctx *ctx = arg;
	struct nl_extack ea;

	if (!extack_parse(nlmsg_hdr(msg), &ea) && ea.msg)
		extack_print_msg("Warning", ea.msg);
	ctx->done = true;
	return NL_STOP;
}

static int cb_finish(struct nl_msg *msg, void *arg)
{
	struct req_ctx *ctx = arg;
	struct nl_extack ea;

	ctx->done = true;
	if (extack_parse(nlmsg_hdr(msg), &ea))
		return NL_STOP;
	if (ea.error) {
		save_error(ctx, &ea);
		return -NLE_FAILURE;
	}
	if (ea.msg)
		extack_print_msg("Warning", ea.msg);
	return NL_STOP;
}

static int cb_valid(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[VXFP_A_MAX + 1];
	struct req_ctx *ctx = arg;
	int ret;

	ret = genlmsg_parse(nlmsg_hdr(msg), 0, tb, VXFP_A_MAX, vxfp_policy);
	if (ret < 0) {
		if (!ctx->fn_ret) {
			fprintf(stderr, "Error: malformed reply from the kernel: %s.\n",
				nl_geterror(ret));
			ctx->fn_ret = NLCTL_EXIT_KERNEL;
		}
		return NL_OK;	/* keep reading up to the ACK / DONE */
	}
	if (ctx->fn && !ctx->fn_ret)
		ctx->fn_ret = ctx->fn(tb, ctx->arg);
	if (ctx->msg_fn && !ctx->fn_ret)
		ctx->fn_ret = ctx->msg_fn(nlmsg_hdr(msg), tb, ctx->arg);
	return NL_OK;
}

static struct nl_cb *req_cb(struct req_ctx *ctx)
{
	struct nl_cb *orig = nl_socket_get_cb(sk);	/* takes a reference */
	struct nl_cb *cb = nl_cb_clone(orig);

	nl_cb_put(orig);
	if (!cb)
		return NULL;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, cb_valid, ctx);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, cb_ack, ctx);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, cb_finish, ctx);
	nl_cb_err(cb, NL_CB_CUSTOM, cb_error, ctx);
	return cb;
}

static int recv_all(struct req_ctx *ctx)
{
	struct nl_cb *cb = req_cb(ctx);
	int ret = 0;

	if (!cb)
		return -NLE_NOMEM;
	while (!ctx->done && !ctx->error) {
		ret = nl_recvmsgs(sk, cb);
		if (ret < 0)
			break;
	}
	nl_cb_put(cb);
	return ctx->error ? 0 : ret;
}

static int request(struct req_ctx *ctx)
{
	struct nl_msg *msg = ctx->req;
	int ret;

	ret = nl_send_auto(sk, msg);
	if (ret >= 0)
		ret = recv_all(ctx);
	nlmsg_free(msg);
	if (ret < 0) {
		fprintf(stderr, "Error: netlink: %s.\n", nl_geterror(ret));
		vxfp_nl_close();	/* do not reuse a desynchronised socket */
		return NLCTL_EXIT_KERNEL;
	}
	if (ctx->error) {
		extack_report(ctx->error, ctx->msg, ctx->attr);
		return NLCTL_EXIT_KERNEL;
	}
	return ctx->fn_ret;
}

/*
 * Send @msg (freed here), call @fn for each reply and wait for the ACK
 * or the end of the dump. Errors are printed. Returns an exit code, or
 * the first non-zero value @fn returned.
 */
int vxfp_request(struct nl_msg *msg, vxfp_reply_fn fn, void *arg)
{
	struct req_ctx ctx = { .req = msg, .fn = fn, .arg = arg };

	return request(&ctx);
}

static int send_common(uint8_t cmd, int flags, vxfp_put_fn put,
		       const void *args, struct req_ctx *ctx)
{
	int ret;

	ret = vxfp_nl_ready();
	if (ret)
		return ret;
	ctx->req = vxfp_msg_flags(cmd, flags);
	if (!ctx->req || put(ctx->req, args) < 0) {
		nlmsg_free(ctx->req);
		fprintf(stderr, "Error: cannot build the request: %s.\n",
			strerror(ENOMEM));
		return NLCTL_EXIT_KERNEL;
	}
	return request(ctx);
}

/*
 * Build a request of @cmd, @put filling its attributes from @args, send it
 * and hand each reply to @fn. Errors are printed. Returns an exit code.
 */
int vxfp_send(uint8_t cmd, bool dump, vxfp_put_fn put, const void *args,
	      vxfp_reply_fn fn, void *arg)
{
	struct req_ctx ctx = { .fn = fn, .arg = arg };

	return send_common(cmd, dump ? NLM_F_DUMP : 0, put, args, &ctx);
}

/*
 * vxfp_send() with more NLM_F_* @flags (NLM_F_REPLACE, NLM_F_DUMP...),
 * handing @fn each reply message whole, for the attributes that repeat
 * (VXFP_A_FLOW).
 */
int vxfp_send_msgs(uint8_t cmd, int flags, vxfp_put_fn put, const void *args,
		   vxfp_msg_fn fn, void *arg)
{
	struct req_ctx ctx = { .msg_fn = fn, .arg = arg };

	return send_common(cmd, flags, put, args, &ctx);
}

/*
 * The monitor socket: subscribed to the "monitor" group before anything is
 * printed, non-blocking (vxfp_mon_fd() is polled), no sequence checks.
 * The request socket must be open (vxfp_nl_ready()): it resolves the
 * group. Errors are printed; returns an exit code.
 */
int vxfp_mon_open(void)
{
	int grp, ret;

	grp = genl_ctrl_resolve_grp(sk, VXFP_GENL_NAME, VXFP_MCGRP_MONITOR);
	if (grp < 0) {
		if (grp == -NLE_OBJ_NOTFOUND)
			fprintf(stderr,
				"Error: generic netlink family \"%s\" has no multicast group \"%s\".\n",
				VXFP_GENL_NAME, VXFP_MCGRP_MONITOR);
		else
			fprintf(stderr,
				"Error: cannot resolve multicast group \"%s\": %s.\n",
				VXFP_MCGRP_MONITOR, nl_geterror(grp));
		return NLCTL_EXIT_KERNEL;
	}
	mon_sk = nl_socket_alloc();
	if (!mon_sk) {
		fprintf(stderr, "Error: cannot open generic netlink socket: %s.\n",
			nl_geterror(-NLE_NOMEM));
		return NLCTL_EXIT_KERNEL;
	}
	nl_socket_disable_seq_check(mon_sk);
	nl_socket_disable_auto_ack(mon_sk);
	ret = genl_connect(mon_sk);
	if (ret >= 0)
		ret = nl_socket_add_membership(mon_sk, grp);
	if (ret >= 0)
		ret = nl_socket_set_nonblocking(mon_sk);
	if (ret < 0) {
		fprintf(stderr, "Error: cannot listen to multicast group \"%s\": %s.\n",
			VXFP_MCGRP_MONITOR, nl_geterror(ret));
		vxfp_mon_close();
		return NLCTL_EXIT_KERNEL;
	}
	nl_socket_enable_msg_peek(mon_sk);
	/* Room for a burst (a mode change announces every representor). */
	nl_socket_set_buffer_size(mon_sk, 1 << 20, 0);
	return NLCTL_EXIT_OK;
}

int vxfp_mon_fd(void)
{
	return mon_sk ? nl_socket_get_fd(mon_sk) : -1;
}

void vxfp_mon_close(void)
{
	nl_socket_free(mon_sk);
	mon_sk = NULL;
}

struct mon_ctx {
	vxfp_event_fn fn;
	void *arg;
	int fn_ret;
};

static int mon_valid(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[VXFP_A_MAX + 1];
	struct mon_ctx *ctx = arg;
	int ret;

	if (nlh->nlmsg_type != family || ctx->fn_ret)
		return NL_OK;
	ret = genlmsg_parse(nlh, 0, tb, VXFP_A_MAX, vxfp_policy);
	if (ret < 0) {
		fprintf(stderr, "Warning: malformed event from the kernel: %s.\n",
			nl_geterror(ret));
		return NL_OK;
	}
	ctx->fn_ret = ctx->fn(genlmsg_hdr(nlh)->cmd, tb, ctx->arg);
	return NL_OK;
}

/*
 * Read what is queued on the monitor socket (nothing: not an error) and
 * call @fn for each event. Returns an exit code, or the first non-zero
 * value @fn returned.
 */
int vxfp_mon_recv(vxfp_event_fn fn, void *arg)
{
	struct mon_ctx ctx = { .fn = fn, .arg = arg };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret;

	if (!cb) {
		fprintf(stderr, "Error: %s.\n", strerror(ENOMEM));
		return NLCTL_EXIT_KERNEL;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, mon_valid, &ctx);
	ret = nl_recvmsgs(mon_sk, cb);
	nl_cb_put(cb);
	if (ret == -NLE_NOMEM) {
		/* ENOBUFS: the socket overran, events were dropped. */
		fprintf(stderr, "Warning: netlink receive buffer overrun, events were lost.\n");
		return ctx.fn_ret;
	}
	if (ret < 0 && ret != -NLE_AGAIN) {
		fprintf(stderr, "Error: netlink: %s.\n", nl_geterror(ret));
		return NLCTL_EXIT_KERNEL;
	}
	return ctx.fn_ret;
}

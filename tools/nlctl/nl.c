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
 * One socket serves all requests of a run (batch included). A future
 * "monitor" command must use a socket of its own for the multicast group.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "extack.h"
#include "nl.h"
#include "nlctl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

static struct nl_sock *sk;
static int family = -1;
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
};

static const char *const attr_names[VXFP_A_MAX + 1] = {
	[VXFP_A_VERSION]	= "version",
	[VXFP_A_FEATURES]	= "features",
	[VXFP_A_GENL_VERSION]	= "interface",
	[VXFP_A_MAX_VFS]	= "max_vfs",
	[VXFP_A_SWITCH_ID]	= "id",
	[VXFP_A_SWITCH_NAME]	= "name",
	[VXFP_A_UPLINK_IFINDEX]	= "uplink",
	[VXFP_A_PF_IFINDEX]	= "pf",
	[VXFP_A_NUM_VFS]	= "vfs",
	[VXFP_A_ESWITCH_MODE]	= "mode",
};

const char *vxfp_attr_name(unsigned int type)
{
	if (type > VXFP_A_MAX || !attr_names[type])
		return NULL;
	return attr_names[type];
}

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

void vxfp_nl_close(void)
{
	nl_socket_free(sk);
	sk = NULL;
	family = -1;
}

/* A request of the family; vxfp_nl_open() must have succeeded. */
struct nl_msg *vxfp_msg_new(uint8_t cmd, bool dump)
{
	struct nl_msg *msg = nlmsg_alloc();
	int flags = dump ? NLM_F_DUMP : NLM_F_ACK;

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags,
			 cmd, VXFP_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct req_ctx {
	struct nl_msg *req;
	vxfp_reply_fn fn;
	void *arg;
	bool done;
	int error;		/* errno from the kernel, or -1 (local) */
	int fn_ret;		/* first failure of fn */
	char msg[256];		/* extack message */
	char attr[64];		/* attribute the kernel pointed at */
};

static void save_attr(struct req_ctx *ctx, const struct nl_extack *ea)
{
	struct nlmsghdr *req = nlmsg_hdr(ctx->req);
	const char *name = NULL;
	unsigned int type = 0;
	bool known = false;

	if (ea->has_miss_type) {
		type = ea->miss_type;
		known = true;
	} else if (ea->has_offs && ea->offs >= NLMSG_HDRLEN + GENL_HDRLEN &&
		   ea->offs + NLA_HDRLEN <= req->nlmsg_len) {
		struct nlattr nla;	/* the kernel's offset may be unaligned */

		memcpy(&nla, (char *)req + ea->offs, sizeof(nla));
		type = nla.nla_type & NLA_TYPE_MASK;
		known = true;
	}
	if (!known)
		return;
	name = vxfp_attr_name(type);
	if (name)
		snprintf(ctx->attr, sizeof(ctx->attr), "%s attribute \"%s\"",
			 ea->has_miss_type ? "missing" : "bad", name);
	else
		snprintf(ctx->attr, sizeof(ctx->attr), "%s attribute %u",
			 ea->has_miss_type ? "missing" : "bad", type);
}

static void save_error(struct req_ctx *ctx, const struct nl_extack *ea)
{
	ctx->error = ea->error;
	if (ea->msg)
		snprintf(ctx->msg, sizeof(ctx->msg), "%s", ea->msg);
	else
		save_attr(ctx, ea);
}

static void print_msg(const char *prefix, const char *msg)
{
	size_t len = strlen(msg);

	fprintf(stderr, "%s: %s%s\n", prefix, msg,
		len && msg[len - 1] == '.' ? "" : ".");
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
		print_msg("Warning", ea.msg);
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
		print_msg("Warning", ea.msg);
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
	return NL_OK;
}

static void print_kernel_error(const struct req_ctx *ctx)
{
	char buf[320];

	if (ctx->msg[0]) {
		print_msg("Error", ctx->msg);
		return;
	}
	if (ctx->error == EPERM)
		snprintf(buf, sizeof(buf), "%s (CAP_NET_ADMIN needed)",
			 strerror(EPERM));
	else if (ctx->attr[0])
		snprintf(buf, sizeof(buf), "%s (%s)", strerror(ctx->error),
			 ctx->attr);
	else
		snprintf(buf, sizeof(buf), "%s", strerror(ctx->error));
	print_msg("Error", buf);
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

/*
 * Send @msg (freed here), call @fn for each reply and wait for the ACK
 * or the end of the dump. Errors are printed. Returns an exit code, or
 * the first non-zero value @fn returned.
 */
int vxfp_request(struct nl_msg *msg, vxfp_reply_fn fn, void *arg)
{
	struct req_ctx ctx = { .req = msg, .fn = fn, .arg = arg };
	int ret;

	ret = nl_send_auto(sk, msg);
	if (ret >= 0)
		ret = recv_all(&ctx);
	nlmsg_free(msg);
	if (ret < 0) {
		fprintf(stderr, "Error: netlink: %s.\n", nl_geterror(ret));
		vxfp_nl_close();	/* do not reuse a desynchronised socket */
		return NLCTL_EXIT_KERNEL;
	}
	if (ctx.error) {
		print_kernel_error(&ctx);
		return NLCTL_EXIT_KERNEL;
	}
	return ctx.fn_ret;
}

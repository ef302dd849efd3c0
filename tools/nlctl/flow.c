// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: the "flow" object (VXFP_CMD_FLOW_{NEW,DEL,GET,FLUSH}).
 *
 * "flow show" is a dump printed as it arrives, one flow at a time: its
 * memory does not grow with the number of flows.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netlink/genl/genl.h>

#include "flow.h"
#include "json.h"
#include "nl.h"
#include "nlctl.h"

static int help(void)
{
	flow_usage(stdout);
	return NLCTL_EXIT_OK;
}

static int put_flow(struct nl_msg *msg, const void *args)
{
	const struct flow_spec *f = args;
	int ret;

	ret = nla_put_string(msg, VXFP_A_SWITCH_NAME, f->sw);
	if (!ret && f->replace)
		ret = nla_put_flag(msg, VXFP_A_FLOW_REPLACE);
	return ret ? ret : flow_put(msg, f);
}

static int put_cookie(struct nl_msg *msg, const void *args)
{
	const struct flow_spec *f = args;
	int ret;

	ret = nla_put_string(msg, VXFP_A_SWITCH_NAME, f->sw);
	return ret ? ret : flow_put_cookie(msg, f->cookie);
}

static int put_switch(struct nl_msg *msg, const void *args)
{
	const struct flow_spec *f = args;

	if (f->seen & FS_SWITCH)
		return nla_put_string(msg, VXFP_A_SWITCH_NAME, f->sw);
	return 0;
}

static int flow_add(int argc, char **argv, int flags)
{
	struct flow_spec f;
	int ret;

	ret = flow_parse(FLOW_ADD, argc, argv, &f);
	if (ret)
		return ret < 0 ? help() : ret;
	f.replace = flags & FLOW_REPLACE_FLAGS;
	return vxfp_send_msgs(VXFP_CMD_FLOW_NEW, 0, put_flow, &f, NULL, NULL);
}

static int flow_del(int argc, char **argv)
{
	struct flow_spec f;
	int ret;

	ret = flow_parse(FLOW_DEL, argc, argv, &f);
	if (ret)
		return ret < 0 ? help() : ret;
	return vxfp_send_msgs(VXFP_CMD_FLOW_DEL, 0, put_cookie, &f, NULL,
			      NULL);
}

struct show_ctx {
	bool started;		/* JSON array opened */
};

static void show_open(struct show_ctx *ctx)
{
	if (!ctx->started) {
		open_json_array(NULL);
		ctx->started = true;
	}
}

/* Close the array ("[]" if nothing came) unless the request failed. */
static void show_close(struct show_ctx *ctx, int ret)
{
	if (!ctx->started && !ret)
		show_open(ctx);
	if (ctx->started) {
		close_json_array();
		print_end();
	}
}

/* A reply: the flows in it (the kernel may put more than one). */
static int show_msg(const struct nlmsghdr *nlh, struct nlattr **tb,
		    void *arg)
{
	const struct genlmsghdr *g = nlmsg_data(nlh);
	const char *sw = tb[VXFP_A_SWITCH_NAME] ?
			 nla_get_string(tb[VXFP_A_SWITCH_NAME]) : "?";
	struct nlattr *nla;
	int rem, ret;

	nla_for_each_attr(nla, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0),
			  rem) {
		if (nla_type(nla) != VXFP_A_FLOW)
			continue;
		show_open(arg);
		ret = flow_print(sw, nla, opts.stats);
		if (ret)
			return ret;
	}
	return 0;
}

static int flow_get(int argc, char **argv)
{
	struct show_ctx ctx = { 0 };
	struct flow_spec f;
	int ret;

	ret = flow_parse(FLOW_GET, argc, argv, &f);
	if (ret)
		return ret < 0 ? help() : ret;
	print_start(stdout, opts.json, opts.pretty);
	ret = vxfp_send_msgs(VXFP_CMD_FLOW_GET, 0, put_cookie, &f, show_msg,
			     &ctx);
	show_close(&ctx, ret);
	return ret;
}

/* "[ switch NAME ]", or with @required "switch NAME"; -1 for help. */
static int parse_switch(int argc, char **argv, bool required,
			struct flow_spec *f)
{
	memset(f, 0, sizeof(*f));
	for (; argc > 0; argc--, argv++) {
		if (matches(*argv, "help"))
			return -1;
		if (strcmp(*argv, "switch"))
			return unknown_arg("flow", *argv);
		NEXT_ARG("flow");
		if (f->seen & FS_SWITCH)
			return duparg("switch", *argv);
		if (!valid_name(*argv))
			return invarg("\"switch\" not a valid switch name",
				      *argv);
		f->sw = *argv;
		f->seen |= FS_SWITCH;
	}
	if (required && !(f->seen & FS_SWITCH))
		return missarg("switch");
	return 0;
}

static int flow_show(int argc, char **argv)
{
	struct show_ctx ctx = { 0 };
	struct flow_spec f;
	int ret;

	ret = parse_switch(argc, argv, false, &f);
	if (ret)
		return ret < 0 ? help() : ret;
	print_start(stdout, opts.json, opts.pretty);
	ret = vxfp_send_msgs(VXFP_CMD_FLOW_GET, NLM_F_DUMP, put_switch, &f,
			     show_msg, &ctx);
	show_close(&ctx, ret);
	return ret;
}

static int flow_flush(int argc, char **argv)
{
	struct flow_spec f;
	int ret;

	ret = parse_switch(argc, argv, true, &f);
	if (ret)
		return ret < 0 ? help() : ret;
	return vxfp_send_msgs(VXFP_CMD_FLOW_FLUSH, 0, put_switch, &f, NULL,
			      NULL);
}

int do_flow(int argc, char **argv)
{
	if (argc < 1)
		return flow_show(0, NULL);
	switch (flow_word(*argv)) {
	case FW_ADD:
		return flow_add(argc - 1, argv + 1, 0);
	case FW_REPLACE:
		return flow_add(argc - 1, argv + 1, FLOW_REPLACE_FLAGS);
	case FW_DEL:
		return flow_del(argc - 1, argv + 1);
	case FW_GET:
		return flow_get(argc - 1, argv + 1);
	case FW_SHOW:
		return flow_show(argc - 1, argv + 1);
	case FW_FLUSH:
		return flow_flush(argc - 1, argv + 1);
	case FW_HELP:
		return help();
	case FW_UNKNOWN:
		break;
	}
	return unknown_cmd("flow", *argv);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: the "switch" object (VXFP_CMD_SWITCH_{NEW,DEL,GET,SET}).
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "flow.h"
#include "json.h"
#include "nl.h"
#include "nlctl.h"

/* Keywords a command accepts. */
#define SW_NAME		(1U << 0)
#define SW_ID		(1U << 1)
#define SW_UPLINK	(1U << 2)
#define SW_VFS		(1U << 3)
#define SW_MODE		(1U << 4)

struct sw_args {
	unsigned int seen;	/* SW_* given */
	const char *name;
	const char *uplink;
	uint32_t uplink_ifindex;
	uint32_t id;
	uint32_t vfs;
	uint8_t mode;
};

static void switch_usage(FILE *out)
{
	fprintf(out,
		"Usage: %1$s switch add name NAME uplink DEV [ vfs N ]\n"
		"                        [ mode { legacy | switchdev } ]\n"
		"       %1$s switch del { name NAME | id ID }\n"
		"       %1$s switch set { name NAME | id ID } mode { legacy | switchdev }\n"
		"       %1$s switch show [ name NAME | id ID ]\n"
		"       %1$s switch help\n"
		"where  NAME := switch (and PF netdev) name, at most %2$d characters\n"
		"       N := 0..%3$d\n",
		NLCTL_NAME, VXFP_NAME_LEN - 1, VXFP_MAX_VFS);
}

/* "help" given among the arguments: not an error. */
static int help(void)
{
	switch_usage(stdout);
	return NLCTL_EXIT_OK;
}

static const char *mode_name(uint8_t mode)
{
	switch (mode) {
	case VXFP_ESWITCH_LEGACY:
		return "legacy";
	case VXFP_ESWITCH_SWITCHDEV:
		return "switchdev";
	}
	return NULL;
}

static int parse_mode(const char *arg, uint8_t *mode)
{
	if (matches(arg, "legacy"))
		*mode = VXFP_ESWITCH_LEGACY;
	else if (matches(arg, "switchdev"))
		*mode = VXFP_ESWITCH_SWITCHDEV;
	else
		return invarg("\"mode\" must be \"legacy\" or \"switchdev\"", arg);
	return 0;
}

/* Parse the value of keyword @key (bit @bit) from @arg into @a. */
static int parse_value(struct sw_args *a, unsigned int bit, const char *key,
		       const char *arg)
{
	if (a->seen & bit)
		return duparg(key, arg);
	a->seen |= bit;

	switch (bit) {
	case SW_NAME:
		if (!valid_name(arg))
			return invarg("\"name\" not a valid switch name", arg);
		a->name = arg;
		return 0;
	case SW_ID:
		if (parse_u32(arg, 0, UINT32_MAX, &a->id))
			return invarg("\"id\" must be a number from 0 to 4294967295",
				      arg);
		return 0;
	case SW_UPLINK:
		a->uplink = arg;
		return 0;
	case SW_VFS:
		if (parse_u32(arg, 0, VXFP_MAX_VFS, &a->vfs)) {
			fprintf(stderr,
				"Error: argument \"%s\" is wrong: \"vfs\" must be a number from 0 to %d\n",
				arg, VXFP_MAX_VFS);
			return NLCTL_EXIT_USAGE;
		}
		return 0;
	case SW_MODE:
		return parse_mode(arg, &a->mode);
	}
	return NLCTL_EXIT_USAGE;
}

static const struct {
	const char *key;
	unsigned int bit;
} keywords[] = {
	{ "name", SW_NAME },
	{ "id", SW_ID },
	{ "uplink", SW_UPLINK },
	{ "vfs", SW_VFS },
	{ "mode", SW_MODE },
};

/*
 * Parse "KEY VALUE..." allowing the keywords in @allowed. Returns 0, an
 * exit code, or -1 if "help" was asked for.
 */
static int parse_args(int argc, char **argv, unsigned int allowed,
		      struct sw_args *a)
{
	size_t i;
	int ret;

	memset(a, 0, sizeof(*a));
	for (; argc > 0; argc--, argv++) {
		if (matches(*argv, "help"))
			return -1;
		for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
			if ((allowed & keywords[i].bit) &&
			    matches(*argv, keywords[i].key))
				break;
		if (i == sizeof(keywords) / sizeof(keywords[0]))
			return unknown_arg("switch", *argv);
		NEXT_ARG("switch");
		ret = parse_value(a, keywords[i].bit, keywords[i].key, *argv);
		if (ret)
			return ret;
	}
	return 0;
}

/* A selector: at most (or, if @required, exactly) one of name / id. */
static int check_selector(const struct sw_args *a, bool required)
{
	if ((a->seen & SW_NAME) && (a->seen & SW_ID)) {
		fprintf(stderr, "Error: \"name\" and \"id\" are mutually exclusive.\n");
		return NLCTL_EXIT_USAGE;
	}
	if (required && !(a->seen & (SW_NAME | SW_ID))) {
		fprintf(stderr, "Error: \"name\" or \"id\" is required.\n");
		return NLCTL_EXIT_USAGE;
	}
	return 0;
}

static int put_selector(struct nl_msg *msg, const void *args)
{
	const struct sw_args *a = args;
	if (a->seen & SW_NAME)
		return nla_put_string(msg, VXFP_A_SWITCH_NAME, a->name);
	if (a->seen & SW_ID)
		return nla_put_u32(msg, VXFP_A_SWITCH_ID, a->id);
	return 0;
}

static int put_set(struct nl_msg *msg, const void *args)
{
	const struct sw_args *a = args;
	int ret;

	ret = put_selector(msg, a);
	if (!ret)
		ret = nla_put_u8(msg, VXFP_A_ESWITCH_MODE, a->mode);
	return ret;
}

static int put_new(struct nl_msg *msg, const void *args)
{
	const struct sw_args *a = args;
	int ret;

	ret = nla_put_string(msg, VXFP_A_SWITCH_NAME, a->name);
	if (!ret)
		ret = nla_put_u32(msg, VXFP_A_UPLINK_IFINDEX, a->uplink_ifindex);
	if (!ret && (a->seen & SW_VFS))
		ret = nla_put_u32(msg, VXFP_A_NUM_VFS, a->vfs);
	if (!ret && (a->seen & SW_MODE))
		ret = nla_put_u8(msg, VXFP_A_ESWITCH_MODE, a->mode);
	return ret;
}

static int switch_add(int argc, char **argv)
{
	struct sw_args a;
	int ret;

	ret = parse_args(argc, argv, SW_NAME | SW_UPLINK | SW_VFS | SW_MODE, &a);
	if (ret)
		return ret < 0 ? help() : ret;
	if (!(a.seen & SW_NAME))
		return missarg("name");
	if (!(a.seen & SW_UPLINK))
		return missarg("uplink");
	a.uplink_ifindex = if_nametoindex(a.uplink);
	if (!a.uplink_ifindex) {
		fprintf(stderr, "Error: Cannot find device \"%s\".\n", a.uplink);
		return NLCTL_EXIT_USAGE;
	}
	return vxfp_send(VXFP_CMD_SWITCH_NEW, false, put_new, &a, NULL, NULL);
}

static int switch_del(int argc, char **argv)
{
	struct sw_args a;
	int ret;

	ret = parse_args(argc, argv, SW_NAME | SW_ID, &a);
	if (ret)
		return ret < 0 ? help() : ret;
	ret = check_selector(&a, true);
	if (ret)
		return ret;
	return vxfp_send(VXFP_CMD_SWITCH_DEL, false, put_selector, &a,
			 NULL, NULL);
}

static int switch_set(int argc, char **argv)
{
	struct sw_args a;
	int ret;

	ret = parse_args(argc, argv, SW_NAME | SW_ID | SW_MODE, &a);
	if (ret)
		return ret < 0 ? help() : ret;
	ret = check_selector(&a, true);
	if (ret)
		return ret;
	if (!(a.seen & SW_MODE))
		return missarg("mode");
	return vxfp_send(VXFP_CMD_SWITCH_SET, false, put_set, &a, NULL, NULL);
}

struct show_ctx {
	bool started;		/* JSON array opened */
};

static void print_ifindex(const char *key, uint32_t ifindex)
{
	char name[IF_NAMESIZE + 8];
	char fmt[32];

	if (!if_indextoname(ifindex, name))
		snprintf(name, sizeof(name), "if%u", ifindex);
	snprintf(fmt, sizeof(fmt), " %s %%s", key);
	print_string(PRINT_ANY, key, fmt, name);
}

static void print_mode(uint8_t mode)
{
	const char *name = mode_name(mode);
	char buf[32];

	if (!name) {
		snprintf(buf, sizeof(buf), "unknown(%u)", mode);
		name = buf;
	}
	print_string(PRINT_ANY, "mode", " mode %s", name);
}

static void print_details(struct nlattr **tb)
{
	char handle[32];

	print_text("\n   ");
	if (tb[VXFP_A_UPLINK_IFINDEX])
		print_uint(PRINT_ANY, "uplink_ifindex", " uplink_ifindex %llu",
			   nla_get_u32(tb[VXFP_A_UPLINK_IFINDEX]));
	if (tb[VXFP_A_PF_IFINDEX])
		print_uint(PRINT_ANY, "pf_ifindex", " pf_ifindex %llu",
			   nla_get_u32(tb[VXFP_A_PF_IFINDEX]));
	/* The module's devlink instance: bus "vxfp", device "vxfp<ID>". */
	if (tb[VXFP_A_SWITCH_ID]) {
		snprintf(handle, sizeof(handle), "vxfp/vxfp%u",
			 nla_get_u32(tb[VXFP_A_SWITCH_ID]));
		print_string(PRINT_ANY, "devlink", " devlink %s", handle);
	}
	if (tb[VXFP_A_SWITCH_STATS])
		print_fp_stats(tb[VXFP_A_SWITCH_STATS]);
}

/* The members of a "switch show" object (also a switch event); no newline. */
void print_switch(struct nlattr **tb)
{
	print_string(PRINT_ANY, "name", "%s:", tb[VXFP_A_SWITCH_NAME] ?
		     nla_get_string(tb[VXFP_A_SWITCH_NAME]) : "?");
	if (tb[VXFP_A_SWITCH_ID])
		print_uint(PRINT_ANY, "id", " id %llu",
			   nla_get_u32(tb[VXFP_A_SWITCH_ID]));
	if (tb[VXFP_A_UPLINK_IFINDEX])
		print_ifindex("uplink", nla_get_u32(tb[VXFP_A_UPLINK_IFINDEX]));
	if (tb[VXFP_A_PF_IFINDEX])
		print_ifindex("pf", nla_get_u32(tb[VXFP_A_PF_IFINDEX]));
	if (tb[VXFP_A_NUM_VFS])
		print_uint(PRINT_ANY, "vfs", " vfs %llu",
			   nla_get_u32(tb[VXFP_A_NUM_VFS]));
	if (tb[VXFP_A_ESWITCH_MODE])
		print_mode(nla_get_u8(tb[VXFP_A_ESWITCH_MODE]));
}

/* A mode change: "sw0: mode switchdev" (and the id, in JSON). */
void print_switch_mode(struct nlattr **tb)
{
	print_string(PRINT_ANY, "name", "%s:", tb[VXFP_A_SWITCH_NAME] ?
		     nla_get_string(tb[VXFP_A_SWITCH_NAME]) : "?");
	if (tb[VXFP_A_SWITCH_ID])
		print_uint(PRINT_JSON, "id", NULL,
			   nla_get_u32(tb[VXFP_A_SWITCH_ID]));
	if (tb[VXFP_A_ESWITCH_MODE])
		print_mode(nla_get_u8(tb[VXFP_A_ESWITCH_MODE]));
}

static int show_reply(struct nlattr **tb, void *arg)
{
	struct show_ctx *ctx = arg;

	if (!ctx->started) {
		open_json_array(NULL);
		ctx->started = true;
	}
	open_json_object(NULL);
	print_switch(tb);
	if (opts.stats)
		print_details(tb);
	print_text("\n");
	close_json_object();
	return 0;
}

static int switch_show(int argc, char **argv)
{
	struct show_ctx ctx = { 0 };
	struct sw_args a;
	bool dump;
	int ret;

	ret = parse_args(argc, argv, SW_NAME | SW_ID, &a);
	if (ret)
		return ret < 0 ? help() : ret;
	ret = check_selector(&a, false);
	if (ret)
		return ret;
	dump = !(a.seen & (SW_NAME | SW_ID));

	print_start(stdout, opts.json, opts.pretty);
	ret = vxfp_send(VXFP_CMD_SWITCH_GET, dump, put_selector, &a,
			show_reply, &ctx);
	if (!ctx.started && !ret) {
		open_json_array(NULL);	/* no switch: "[]" */
		ctx.started = true;
	}
	if (ctx.started) {
		close_json_array();
		print_end();
	}
	return ret;
}

int do_switch(int argc, char **argv)
{
	if (argc < 1)
		return switch_show(0, NULL);
	if (matches(*argv, "help"))
		return help();
	if (matches(*argv, "add"))
		return switch_add(argc - 1, argv + 1);
	if (matches(*argv, "delete"))
		return switch_del(argc - 1, argv + 1);
	if (matches(*argv, "set"))
		return switch_set(argc - 1, argv + 1);
	if (matches_show(*argv))
		return switch_show(argc - 1, argv + 1);
	return unknown_cmd("switch", *argv);
}

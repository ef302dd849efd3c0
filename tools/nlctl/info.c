// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: the "info" and "version" objects (VXFP_CMD_INFO_GET).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "nl.h"
#include "nlctl.h"

struct vxfp_info {
	char version[64];
	bool has_genl_version, has_max_vfs, has_features;
	uint32_t genl_version;
	uint32_t max_vfs;
	uint64_t features;
};

static const char *const feature_names[] = {
	"switch",			/* VXFP_F_SWITCH */
	"vf",				/* VXFP_F_VF */
	"switchdev",			/* VXFP_F_SWITCHDEV */
	"flows",			/* VXFP_F_FLOWS */
	"vxlan",			/* VXFP_F_VXLAN */
};

static int info_reply(struct nlattr **tb, void *arg)
{
	struct vxfp_info *info = arg;

	if (tb[VXFP_A_VERSION])
		snprintf(info->version, sizeof(info->version), "%s",
			 nla_get_string(tb[VXFP_A_VERSION]));
	if (tb[VXFP_A_GENL_VERSION]) {
		info->genl_version = nla_get_u32(tb[VXFP_A_GENL_VERSION]);
		info->has_genl_version = true;
	}
	if (tb[VXFP_A_MAX_VFS]) {
		info->max_vfs = nla_get_u32(tb[VXFP_A_MAX_VFS]);
		info->has_max_vfs = true;
	}
	if (tb[VXFP_A_FEATURES]) {
		info->features = nla_get_u64(tb[VXFP_A_FEATURES]);
		info->has_features = true;
	}
	return 0;
}

/* Errors are printed; returns an exit code. */
static int info_get(struct vxfp_info *info)
{
	struct nl_msg *msg = vxfp_msg_new(VXFP_CMD_INFO_GET, false);

	memset(info, 0, sizeof(*info));
	if (!msg) {
		fprintf(stderr, "Error: %s.\n", strerror(ENOMEM));
		return NLCTL_EXIT_KERNEL;
	}
	return vxfp_request(msg, info_reply, info);
}

static void print_features(uint64_t features)
{
	unsigned int bit;
	char hex[32];

	open_json_array("features");
	print_text(" features");
	if (!features)
		print_text(" none");
	for (bit = 0; bit < 64; bit++) {
		if (!(features & (1ULL << bit)))
			continue;
		if (bit < sizeof(feature_names) / sizeof(feature_names[0])) {
			print_string(PRINT_ANY, NULL, " %s", feature_names[bit]);
		} else {
			snprintf(hex, sizeof(hex), "0x%llx", 1ULL << bit);
			print_string(PRINT_ANY, NULL, " %s", hex);
		}
	}
	close_json_array();
}

static void print_info(const struct vxfp_info *info)
{
	print_start(stdout, opts.json, opts.pretty);
	open_json_object(NULL);
	print_string(PRINT_ANY, "version", "version %s",
		     info->version[0] ? info->version : "unknown");
	if (info->has_genl_version)
		print_uint(PRINT_ANY, "interface", " interface %llu",
			   info->genl_version);
	if (info->has_max_vfs)
		print_uint(PRINT_ANY, "max_vfs", " max_vfs %llu", info->max_vfs);
	if (info->has_features)
		print_features(info->features);
	print_text("\n");
	close_json_object();
	print_end();
}

static void info_usage(FILE *out)
{
	fprintf(out, "Usage: %s info [ help ]\n", NLCTL_NAME);
}

int do_info(int argc, char **argv)
{
	struct vxfp_info info;
	int ret;

	if (argc > 0) {
		if (matches(*argv, "help")) {
			info_usage(stdout);
			return NLCTL_EXIT_OK;
		}
		return unknown_arg("info", *argv);
	}
	ret = vxfp_nl_ready();
	if (ret)
		return ret;
	ret = info_get(&info);
	if (ret)
		return ret;
	print_info(&info);
	return NLCTL_EXIT_OK;
}

static void print_version(const struct vxfp_info *info)
{
	print_start(stdout, opts.json, opts.pretty);
	open_json_object(NULL);
	print_string(PRINT_ANY, "version", NLCTL_NAME " %s\n", VXFP_VERSION);
	if (!info) {
		print_null(PRINT_JSON, "module", NULL);
	} else {
		open_json_object("module");
		print_string(PRINT_ANY, "version", "vxfp module %s",
			     info->version[0] ? info->version : "unknown");
		if (info->has_genl_version)
			print_uint(PRINT_ANY, "interface", ", interface %llu",
				   info->genl_version);
		print_text("\n");
		close_json_object();
	}
	close_json_object();
	print_end();
}

/* The tool's version, and the module's if it answers. */
int do_version(int argc, char **argv)
{
	struct vxfp_info info;
	int ret;

	if (argc > 0) {
		if (matches(*argv, "help")) {
			fprintf(stdout, "Usage: %s version [ help ]\n",
				NLCTL_NAME);
			return NLCTL_EXIT_OK;
		}
		return unknown_arg("version", *argv);
	}
	ret = vxfp_nl_open();
	if (ret == -ENOENT) {
		print_version(NULL);
		return NLCTL_EXIT_OK;
	}
	/* Other failures are reported, but the tool's version is printed. */
	ret = ret ? vxfp_nl_ready() : info_get(&info);
	print_version(ret ? NULL : &info);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: command-line client of the vxfp generic-netlink family.
 *
 *	nlctl [ OPTIONS ] OBJECT { COMMAND | help }
 *	nlctl [ OPTIONS ] -batch FILE
 *
 * Options, object dispatch and batch mode live here, iproute2 style.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "nl.h"
#include "nlctl.h"

#define BATCH_MAX_ARGS	1024	/* a flow with 32 encap actions fits */

struct nlctl_opts opts;

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %1$s [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       %1$s [ OPTIONS ] -batch FILE\n"
		"where  OBJECT := { version | info | switch | vf | port | rep |\n"
		"                   flow | monitor | help }\n"
		"       OPTIONS := { -V[ersion] | -h[elp] | -j[son] | -p[retty] |\n"
		"                    -s[tats] | -b[atch] FILE | -force }\n",
		NLCTL_NAME);
}

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return NLCTL_EXIT_OK;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} objects[] = {
	{ "version", do_version },
	{ "info", do_info },
	{ "switch", do_switch },
	{ "vf", do_vf },
	{ "port", do_port },
	{ "rep", do_rep },
	{ "monitor", do_monitor },
	{ "flow", do_flow },
	{ "help", do_help },
};

static int do_cmd(int argc, char **argv)
{
	size_t i;

	for (i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (matches(argv[0], objects[i].name))
			return objects[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "Object \"%s\" is unknown, try \"%s help\".\n",
		argv[0], NLCTL_NAME);
	return NLCTL_EXIT_USAGE;
}

/*
 * Run one batch line, line @lineno of @name. "flow add|replace|del" lines
 * go to the flow batcher, which reports their failures itself; any other
 * command waits for what the batcher sent first. Returns an exit code (0
 * for blank lines), that of a batched line that failed meanwhile first.
 */
static int batch_line(struct flow_batch *fb, const char *name, char *line,
		      unsigned long lineno)
{
	char *argv[BATCH_MAX_ARGS];
	int argc, ret, err;

	argc = make_args(line, argv, BATCH_MAX_ARGS);
	if (!argc)
		return NLCTL_EXIT_OK;
	if (argc > 0 && flow_batch_takes(argc, argv))
		return flow_batch_line(fb, argc, argv, lineno);
	ret = flow_batch_sync(fb);
	if (ret && !opts.force)
		return ret;
	if (argc < 0) {
		fprintf(stderr, "Error: unterminated quote or more than %d arguments.\n",
			BATCH_MAX_ARGS - 1);
		err = NLCTL_EXIT_USAGE;
	} else {
		err = do_cmd(argc, argv);
	}
	if (err)
		fprintf(stderr, "Command failed %s:%lu\n", name, lineno);
	return ret ? ret : err;
}

/*
 * Run the commands of @name ("-" is stdin), one per line. Stops at the
 * first failure unless -force; returns the exit code of the first failed
 * command.
 */
static int batch(const char *name)
{
	FILE *in = strcmp(name, "-") ? fopen(name, "r") : stdin;
	unsigned long lineno = 0;
	struct flow_batch *fb;
	size_t size = 0;
	char *line = NULL;
	int ret = NLCTL_EXIT_OK, err = 0;

	if (!in) {
		fprintf(stderr, "Cannot open file \"%s\" for reading: %s\n",
			name, strerror(errno));
		return NLCTL_EXIT_USAGE;
	}
	fb = flow_batch_new(name, opts.force, &flow_sock_transport);
	if (!fb) {
		fprintf(stderr, "Error: %s.\n", strerror(ENOMEM));
		if (in != stdin)
			fclose(in);
		return NLCTL_EXIT_KERNEL;
	}
	while (getline(&line, &size, in) != -1) {
		lineno++;
		err = batch_line(fb, name, line, lineno);
		if (!err)
			continue;
		if (!ret)
			ret = err;
		if (!opts.force)
			break;
	}
	if (!err || opts.force) {
		err = flow_batch_sync(fb);
		if (!ret)
			ret = err;
	}
	flow_batch_free(fb);
	free(line);
	if (in != stdin)
		fclose(in);
	return ret;
}

static int unknown_opt(const char *opt)
{
	fprintf(stderr, "Option \"%s\" is unknown, try \"%s -help\".\n",
		opt, NLCTL_NAME);
	return NLCTL_EXIT_USAGE;
}

/* Returns -1 to go on, else an exit code. */
static int parse_opt(int *argcp, char ***argvp, const char **batch_file)
{
	const char *opt = (*argvp)[0];

	if (opt[1] == '-')
		opt++;			/* --json is -json */
	if (!opt[1])
		return unknown_opt((*argvp)[0]);	/* "--" */
	if (matches(opt, "-json")) {
		opts.json = true;
	} else if (matches(opt, "-pretty")) {
		opts.pretty = true;
	} else if (matches(opt, "-stats")) {
		opts.stats++;
	} else if (matches(opt, "-batch")) {
		if (*argcp < 2) {
			fprintf(stderr, "Error: option \"%s\" needs a FILE.\n",
				(*argvp)[0]);
			return NLCTL_EXIT_USAGE;
		}
		(*argcp)--;
		(*argvp)++;
		*batch_file = (*argvp)[0];
	} else if (matches(opt, "-force")) {
		opts.force = true;
	} else if (matches(opt, "-Version")) {
		printf("%s %s\n", NLCTL_NAME, VXFP_VERSION);
		return NLCTL_EXIT_OK;
	} else if (matches(opt, "-help")) {
		usage(stdout);
		return NLCTL_EXIT_OK;
	} else {
		return unknown_opt((*argvp)[0]);
	}
	return -1;
}

static int run(int argc, char **argv)
{
	const char *batch_file = NULL;
	int ret;

	for (argc--, argv++; argc > 0 && argv[0][0] == '-' && argv[0][1];
	     argc--, argv++) {
		ret = parse_opt(&argc, &argv, &batch_file);
		if (ret >= 0)
			return ret;
	}
	if (batch_file) {
		if (argc > 0) {
			fprintf(stderr, "Error: no OBJECT may follow \"-batch FILE\".\n");
			return NLCTL_EXIT_USAGE;
		}
		return batch(batch_file);
	}
	if (argc < 1) {
		usage(stderr);
		return NLCTL_EXIT_USAGE;
	}
	return do_cmd(argc, argv);
}

int main(int argc, char **argv)
{
	int ret = run(argc, argv);

	vxfp_nl_close();
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "Error: cannot write output: %s.\n",
			strerror(errno));
		if (!ret)
			ret = NLCTL_EXIT_USAGE;
	}
	return ret;
}

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

#include "nl.h"
#include "nlctl.h"

#define BATCH_MAX_ARGS	64

struct nlctl_opts opts;

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %1$s [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       %1$s [ OPTIONS ] -batch FILE\n"
		"where  OBJECT := { version | info | switch | vf | port | rep |\n"
		"                   monitor | help }\n"
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

/* Run one batch line; returns an exit code (0 for blank lines). */
static int batch_line(char *line)
{
	char *argv[BATCH_MAX_ARGS];
	int argc;

	argc = make_args(line, argv, BATCH_MAX_ARGS);
	if (argc < 0) {
		fprintf(stderr, "Error: unterminated quote or more than %d arguments.\n",
			BATCH_MAX_ARGS - 1);
		return NLCTL_EXIT_USAGE;
	}
	if (!argc)
		return NLCTL_EXIT_OK;
	return do_cmd(argc, argv);
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
	size_t size = 0;
	char *line = NULL;
	int ret = NLCTL_EXIT_OK, err;

	if (!in) {
		fprintf(stderr, "Cannot open file \"%s\" for reading: %s\n",
			name, strerror(errno));
		return NLCTL_EXIT_USAGE;
	}
	while (getline(&line, &size, in) != -1) {
		lineno++;
		err = batch_line(line);
		if (!err)
			continue;
		fprintf(stderr, "Command failed %s:%lu\n", name, lineno);
		if (!ret)
			ret = err;
		if (!opts.force)
			break;
	}
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

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlctl: shared declarations.
 */
#ifndef NLCTL_H
#define NLCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#ifndef VXFP_VERSION
#define VXFP_VERSION "0.0.0"
#endif

#define NLCTL_NAME		"nlctl"

/* Exit codes. */
#define NLCTL_EXIT_OK		0
#define NLCTL_EXIT_USAGE	1	/* syntax or usage error */
#define NLCTL_EXIT_KERNEL	2	/* kernel refused, or module not loaded */

struct nlctl_opts {
	bool json;
	bool pretty;
	unsigned int stats;
	bool force;
};

extern struct nlctl_opts opts;

/* args.c */
bool matches(const char *arg, const char *keyword);
bool matches_show(const char *arg);
int parse_u32(const char *s, uint32_t min, uint32_t max, uint32_t *out);
int parse_number(const char *s, uint64_t max, uint64_t *out);
int parse_mac(const char *s, uint8_t *mac);
int parse_on_off(const char *s, bool *on);
bool valid_name(const char *name);
int make_args(char *line, char **argv, int max);

FILE *nlctl_err(void);
void nlctl_set_err(FILE *f);
int invarg(const char *msg, const char *arg);
int duparg(const char *key, const char *arg);
int missarg(const char *key);
int incomplete(const char *object);
int unknown_arg(const char *object, const char *arg);
int unknown_cmd(const char *object, const char *cmd);

#define NEXT_ARG(object)					\
	do {							\
		argc--;						\
		argv++;						\
		if (argc <= 0)					\
			return incomplete(object);		\
	} while (0)

/* names.c */
struct attr_space;
extern const struct attr_space vxfp_attr_space;

/* info.c */
int do_info(int argc, char **argv);
int do_version(int argc, char **argv);

/* switch.c */
struct nlattr;
int do_switch(int argc, char **argv);
void print_switch(struct nlattr **tb);
void print_switch_mode(struct nlattr **tb);

/* vf.c */
int do_vf(int argc, char **argv);
int do_port(int argc, char **argv);
int do_rep(int argc, char **argv);

/* monitor.c */
int do_monitor(int argc, char **argv);

/* flow.c */
int do_flow(int argc, char **argv);

#endif /* NLCTL_H */

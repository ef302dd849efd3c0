// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: "monitor", the events of the "monitor" multicast group, one line
 * (or one JSON object) each, until SIGINT or SIGTERM.
 *
 * The group is joined on a socket of its own before anything is printed;
 * the socket is non-blocking and waited for with ppoll() with the two
 * signals blocked outside of it, so that a signal is never lost between
 * the check of the flag and the wait.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "nl.h"
#include "nlctl.h"
#include "vf.h"

#define MON_SWITCH	(1U << 0)
#define MON_PORT	(1U << 1)
#define MON_ALL		(MON_SWITCH | MON_PORT)

static volatile sig_atomic_t stop;

static void monitor_usage(FILE *out)
{
	fprintf(out,
		"Usage: %1$s monitor [ switch | port | all ]\n"
		"       %1$s monitor help\n",
		NLCTL_NAME);
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static const char *event_name(uint8_t cmd, unsigned int *what)
{
	switch (cmd) {
	case VXFP_CMD_SWITCH_NEW:
		*what = MON_SWITCH;
		return "switch new";
	case VXFP_CMD_SWITCH_DEL:
		*what = MON_SWITCH;
		return "switch del";
	case VXFP_CMD_SWITCH_SET:
		*what = MON_SWITCH;
		return "switch set";
	case VXFP_CMD_PORT_NEW:
		*what = MON_PORT;
		return "port new";
	case VXFP_CMD_PORT_DEL:
		*what = MON_PORT;
		return "port del";
	}
	return NULL;
}

/*
 *   [switch new] sw0: id 1 uplink eth0 pf sw0 vfs 2 mode legacy
 *   [switch set] sw0: mode switchdev
 *   [port new] sw0 pf0vf0: rep sw0_0 vf sw0v0
 * or {"event":"switch new",...}, one object per line. Flushed each.
 */
static int event(uint8_t cmd, struct nlattr **tb, void *arg)
{
	unsigned int *filter = arg, what = 0;
	const char *name = event_name(cmd, &what);
	struct vf_port p;

	if (!name || !(what & *filter))
		return 0;	/* not ours, or newer than us */
	if (what == MON_PORT && vf_port_parse(tb, &p))
		return 0;	/* reported; go on */

	print_start(stdout, opts.json, opts.pretty);
	open_json_object(NULL);
	print_string(PRINT_ANY, "event", "[%s] ", name);
	if (cmd == VXFP_CMD_SWITCH_SET)
		print_switch_mode(tb);
	else if (what == MON_SWITCH)
		print_switch(tb);
	else
		print_rep(&p);
	print_text("\n");
	close_json_object();
	print_end();		/* flushes */
	return 0;
}

static int parse_filter(int argc, char **argv, unsigned int *filter)
{
	*filter = MON_ALL;
	if (argc < 1)
		return 0;
	if (matches(*argv, "help"))
		return -1;
	if (matches(*argv, "switch"))
		*filter = MON_SWITCH;
	else if (matches(*argv, "port"))
		*filter = MON_PORT;
	else if (matches(*argv, "all"))
		*filter = MON_ALL;
	else
		return unknown_arg("monitor", *argv);
	if (argc > 1)
		return unknown_arg("monitor", argv[1]);
	return 0;
}

static int listen_loop(unsigned int *filter, const sigset_t *waitmask)
{
	struct pollfd pfd = { .fd = vxfp_mon_fd(), .events = POLLIN };
	int ret;

	while (!stop) {
		ret = ppoll(&pfd, 1, NULL, waitmask);
		if (ret < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "Error: poll: %s.\n", strerror(errno));
			return NLCTL_EXIT_KERNEL;
		}
		if (pfd.revents & (POLLERR | POLLNVAL | POLLHUP) &&
		    !(pfd.revents & POLLIN)) {
			fprintf(stderr, "Error: netlink socket failed.\n");
			return NLCTL_EXIT_KERNEL;
		}
		ret = vxfp_mon_recv(event, filter);
		if (ret)
			return ret;
	}
	return NLCTL_EXIT_OK;
}

int do_monitor(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	sigset_t block, old, waitmask;
	unsigned int filter;
	int ret;

	ret = parse_filter(argc, argv, &filter);
	if (ret) {
		if (ret > 0)
			return ret;
		monitor_usage(stdout);
		return NLCTL_EXIT_OK;
	}
	ret = vxfp_nl_ready();
	if (ret)
		return ret;

	/* Blocked except inside ppoll(); the handler only sets the flag. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	waitmask = old;
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	stop = 0;

	ret = vxfp_mon_open();
	if (!ret)
		ret = listen_loop(&filter, &waitmask);
	vxfp_mon_close();

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}

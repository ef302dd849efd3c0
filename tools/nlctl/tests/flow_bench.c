// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: how fast flow lines are parsed and packed into requests, with
 * nothing sent (the fake kernel only counts).
 *
 *	flow_bench [ -n LINES ]
 *
 * Prints lines/s for: splitting and parsing only; parsing and building
 * one request per line; the batcher (parse, pack, "send").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <netlink/msg.h>

#include "../flow.h"
#include "../nlctl.h"
#include "fake.h"

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A typical line: a 5-tuple-ish match and a VXLAN encapsulation. */
static void make_line(char *buf, size_t size, unsigned int i)
{
	snprintf(buf, size,
		 "flow add switch sw0 cookie %u prio 1 in_port vf%u eth_type ipv4 "
		 "dst_ip 10.%u.%u.%u ip_proto tcp dst_port %u action encap id %u "
		 "dst_ip 192.0.2.%u dst_port 4789 ttl 64 output uplink\n",
		 i + 1, i % 64, (i >> 16) & 255, (i >> 8) & 255, i & 255,
		 1 + i % 65535, 1 + i % 1000, 1 + i % 254);
}

int main(int argc, char **argv)
{
	unsigned int n = 100000, i;
	char **text, line[512], *args[128];
	struct flow_batch *b;
	struct flow_spec f;
	struct nl_msg *msg;
	double t0, t1, t2, t3;
	int nargs;

	if (argc == 3 && !strcmp(argv[1], "-n"))
		n = (unsigned int)strtoul(argv[2], NULL, 10);
	text = calloc(n, sizeof(*text));
	for (i = 0; i < n; i++) {
		make_line(line, sizeof(line), i);
		text[i] = strdup(line);
	}

	t0 = cpu_now();
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "%s", text[i]);
		nargs = make_args(line, args, 128);
		if (flow_parse(FLOW_ADD, nargs - 2, args + 2, &f))
			return 1;
	}
	t1 = cpu_now();
	msg = nlmsg_alloc_size(16384);
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "%s", text[i]);
		nargs = make_args(line, args, 128);
		if (flow_parse(FLOW_ADD, nargs - 2, args + 2, &f))
			return 1;
		nlmsg_hdr(msg)->nlmsg_len = NLMSG_HDRLEN;
		if (flow_put(msg, &f))
			return 1;
	}
	nlmsg_free(msg);
	t2 = cpu_now();

	fake_reset();
	fake.keep_none = true;
	b = flow_batch_new("bench", false, &fake_transport);
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "%s", text[i]);
		nargs = make_args(line, args, 128);
		if (flow_batch_line(b, nargs, args, i + 1))
			return 1;
	}
	if (flow_batch_sync(b))
		return 1;
	t3 = cpu_now();

	printf("lines: %u\n", n);
	printf("parse:          %.3f s CPU, %.0f lines/s\n", t1 - t0,
	       n / (t1 - t0));
	printf("parse + build:  %.3f s CPU, %.0f lines/s\n", t2 - t1,
	       n / (t2 - t1));
	printf("batcher:        %.3f s CPU, %.0f lines/s, %lu requests of %lu flows, %zu bytes at most\n",
	       t3 - t2, n / (t3 - t2), flow_batch_stats(b)->requests,
	       flow_batch_stats(b)->flows / flow_batch_stats(b)->requests,
	       fake.max_len);
	flow_batch_free(b);
	for (i = 0; i < n; i++)
		free(text[i]);
	free(text);
	fake_reset();
	return 0;
}

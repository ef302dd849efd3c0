// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl unit tests: the flow batcher against the fake kernel: how lines
 * are packed into requests, the window of requests in flight, and the
 * line an error offset maps back to, with and without -force.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "../flow.h"
#include "../nlctl.h"
#include "fake.h"
#include "tap.h"

static struct fb_stats st;
static const char *errout;

/*
 * Run @text, the lines of a batch file, as nlctl's batch loop does: flow
 * lines to the batcher, any other line (here: "#sync") synchronises it.
 */
static int run(const char *text, bool force)
{
	struct flow_batch *b = flow_batch_new("test.batch", force,
					      &fake_transport);
	char *copy = strdup(text), *p = copy, *line, *argv[128];
	unsigned long lineno = 0;
	int ret = 0, err = 0, argc;

	if (!b || !copy) {
		free(copy);
		flow_batch_free(b);
		return -1;
	}
	capture_start();
	while ((line = strsep(&p, "\n"))) {
		lineno++;
		if (!strcmp(line, "sync")) {
			err = flow_batch_sync(b);
		} else {
			argc = make_args(line, argv, 128);
			if (argc <= 0)
				continue;
			if (!flow_batch_takes(argc, argv))
				continue;
			err = flow_batch_line(b, argc, argv, lineno);
		}
		if (err) {
			if (!ret)
				ret = err;
			if (!force)
				break;
		}
	}
	if (!err || force) {
		err = flow_batch_sync(b);
		if (!ret)
			ret = err;
	}
	st = *flow_batch_stats(b);
	flow_batch_free(b);
	errout = capture_end();
	free(copy);
	return ret;
}

/* @n lines of @fmt, whose one %u is the line's number. */
static char *lines(unsigned int n, const char *fmt)
{
	char *buf = NULL;
	size_t len;
	unsigned int i;
	FILE *f = open_memstream(&buf, &len);

	for (i = 1; i <= n; i++) {
		fprintf(f, fmt, i);
		fputc('\n', f);
	}
	fclose(f);
	return buf;
}

static bool installed_range(unsigned int from, unsigned int to)
{
	unsigned int i;

	for (i = from; i <= to; i++)
		if (!fake_installed(i))
			return false;
	return true;
}

/* Bytes one flow of @words takes in a request. */
static unsigned int nest_size(const char *words)
{
	char copy[512], *argv[64];
	struct flow_spec f;
	struct nl_msg *m = nlmsg_alloc_size(4096);
	unsigned int size = 0;
	int argc;

	snprintf(copy, sizeof(copy), "%s", words);
	argc = make_args(copy, argv, 64);
	if (m && !flow_parse(FLOW_ADD, argc, argv, &f) && !flow_put(m, &f))
		size = nlmsg_hdr(m)->nlmsg_len - NLMSG_HDRLEN;
	nlmsg_free(m);
	return size;
}

#define ADD_FMT	"flow add switch sw0 cookie %u in_port vf0 dst_mac 02:00:00:00:00:01 action output vf1"
#define DEL_FMT	"flow del switch sw0 cookie %u"

static void test_packing(void)
{
	unsigned int size, per, i, sum = 0, n = 10000;
	bool sizes_ok = true;
	char *text;

	fake_reset();
	tap_ok(!run("flow add switch sw0 cookie 1 in_port vf0 action output vf1\n",
		    false) && fake.sends == 1 && fake.nests[0] == 1 &&
	       fake_installed(1), "batch: one line, one request, one nest");
	tap_ok(fake.cmds[0] == VXFP_CMD_FLOW_NEW &&
	       fake.flags[0] == (NLM_F_REQUEST | NLM_F_ACK),
	       "batch: add is FLOW_NEW, NLM_F_REQUEST | NLM_F_ACK and nothing else");

	fake_reset();
	size = nest_size("switch sw0 cookie 1 in_port vf0 dst_mac 02:00:00:00:00:01 action output vf1");
	per = 65536 / size;
	text = lines(n, ADD_FMT);
	tap_ok(!run(text, false) && fake.set_count == n && installed_range(1, n),
	       "batch: %u add lines, all installed", n);
	free(text);
	for (i = 0; i < fake.sends; i++) {
		sum += fake.nests[i];
		if (i + 1 < fake.sends && fake.nests[i] != per)
			sizes_ok = false;
	}
	tap_ok(fake.sends == (n + per - 1) / per && sizes_ok && sum == n,
	       "batch: %u requests of %u flows (%u bytes each), the last %u",
	       fake.sends, per, size, fake.nests[fake.sends - 1]);
	tap_ok(fake.max_len <= 65536 + 64,
	       "batch: a request is at most 64 KiB of flows (%zu bytes)",
	       fake.max_len);
	tap_ok(st.requests == fake.sends && st.flows == n && !st.resends,
	       "batch: stats: %lu requests, %lu flows", st.requests, st.flows);

	text = lines(n, DEL_FMT);
	tap_ok(!run(text, false) && !fake.set_count, "batch: %u del lines", n);
	free(text);
	tap_ok(st.requests == 3 && fake.nests[fake.sends - 3] == 4096 &&
	       fake.nests[fake.sends - 2] == 4096 &&
	       fake.nests[fake.sends - 1] == n - 8192 &&
	       fake.cmds[fake.sends - 1] == VXFP_CMD_FLOW_DEL &&
	       fake.flags[fake.sends - 1] == (NLM_F_REQUEST | NLM_F_ACK),
	       "batch: del: %d flows a request at most (VXFP_FLOW_MAX_BATCH)",
	       VXFP_FLOW_MAX_BATCH);

	fake_reset();
	tap_ok(!run("flow add switch sw0 cookie 1 action drop\n"
		    "flow add switch sw0 cookie 2 action drop\n"
		    "flow add switch sw1 cookie 3 action drop\n"
		    "flow add switch sw1 cookie 4 action drop\n"
		    "flow add switch sw0 cookie 5 action drop\n", false) &&
	       fake.sends == 3 && fake.nests[0] == 2 && fake.nests[1] == 2 &&
	       fake.nests[2] == 1, "batch: a request per run of one switch");
	fake_reset();
	tap_ok(!run("flow add switch sw0 cookie 1 action drop\n"
		    "flow a switch sw0 cookie 2 action drop\n"
		    "flow replace switch sw0 cookie 1 action trap\n"
		    "flow del switch sw0 cookie 2\n"
		    "flow add switch sw0 cookie 3 action drop\n"
		    "sync\n"
		    "flow add switch sw0 cookie 4 action drop\n", false) &&
	       fake.sends == 5 && fake.nests[0] == 2 &&
	       fake.flags[1] == (NLM_F_REQUEST | NLM_F_ACK) && fake.replace[1] &&
	       fake.cmds[2] == VXFP_CMD_FLOW_DEL && fake.nests[3] == 1 &&
	       fake_installed(1) && !fake_installed(2) && fake_installed(4),
	       "batch: a request per run of one command; another line syncs");
	fake_reset();
	text = lines(100, "flow add switch sw0 cookie %u eth_type ipv4 dst_ip 10.0.0.1 ip_proto tcp dst_port 80 action encap id 1 dst_ip 192.0.2.1 output uplink");
	tap_ok(!run(text, false) && fake.sends == 1 && fake.nests[0] == 100,
	       "batch: 100 encap flows in one request");
	free(text);
}

static void test_errors(void)
{
	char *text = lines(100, ADD_FMT);

	fake_reset();
	fake.bad[fake.nbad++] = 37;		/* offset: its cookie */
	tap_ok(run(text, false) == NLCTL_EXIT_KERNEL,
	       "error: line 37 refused, exit 2");
	tap_str(errout, "Error: bad flow.\nCommand failed test.batch:37\n",
		"error: the offset in the flow maps to its line");
	tap_ok(fake.set_count == 36 && installed_range(1, 36),
	       "error: lines 1-36 installed (sent again), 37-100 not");
	tap_ok(fake.sends == 2 && st.resends == 1,
	       "error: the request, then lines 1-36 again");

	fake_reset();
	fake.bad[fake.nbad++] = 38;		/* offset: the nest */
	run(text, false);
	tap_str(errout, "Error: bad flow.\nCommand failed test.batch:38\n",
		"error: the offset of the nest maps to its line");

	fake_reset();
	fake.bad[fake.nbad++] = 1;
	run(text, false);
	tap_ok(!strcmp(errout, "Error: bad flow.\nCommand failed test.batch:1\n") &&
	       !fake.set_count && fake.sends == 1,
	       "error: the first line: nothing to send again");

	fake_reset();
	fake.bad[fake.nbad++] = 37;
	fake.bad[fake.nbad++] = 80;
	tap_ok(run(text, true) == NLCTL_EXIT_KERNEL,
	       "force: two lines refused, exit 2");
	tap_str(errout, "Error: bad flow.\nCommand failed test.batch:37\n"
		"Error: bad flow.\nCommand failed test.batch:80\n",
		"force: both reported, in order");
	tap_ok(fake.set_count == 98 && installed_range(1, 36) &&
	       installed_range(38, 79) && installed_range(81, 100),
	       "force: all the others installed");
	tap_ok(fake.sends == 5, "force: 1-100, 1-36, 38-100, 38-79, 81-100");

	fake_reset();
	fake.last_bad = true;
	fake.bad[fake.nbad++] = 37;
	fake.bad[fake.nbad++] = 80;
	run(text, true);
	tap_str(errout, "Error: bad flow.\nCommand failed test.batch:37\n"
		"Error: bad flow.\nCommand failed test.batch:80\n",
		"force: a kernel that names the later one first: still in order");
	tap_ok(fake.set_count == 98, "  all the others installed");
	fake_reset();
	fake.last_bad = true;
	fake.bad[fake.nbad++] = 37;
	fake.bad[fake.nbad++] = 80;
	tap_ok(run(text, false) == NLCTL_EXIT_KERNEL &&
	       !strcmp(errout, "Error: bad flow.\nCommand failed test.batch:37\n") &&
	       fake.set_count == 36,
	       "no force: such a kernel: stops at the first, 1-36 installed");

	fake_reset();
	fake.no_offset = true;
	fake.bad[fake.nbad++] = 37;
	run(text, false);
	tap_ok(!strcmp(errout, "Error: bad flow.\nCommand failed test.batch:37\n") &&
	       fake.set_count == 36 && fake.sends == 1 + 37,
	       "no offset: one by one up to the failing line");

	fake_reset();
	fake.at_switch = true;
	fake.bad[fake.nbad++] = 37;
	run(text, true);
	tap_ok(!strcmp(errout, "Error: bad flow.\nCommand failed test.batch:37\n") &&
	       fake.set_count == 99 && fake.sends == 1 + 100,
	       "offset not in a flow, force: one by one, all the others installed");

	fake_reset();
	fake.no_msg = true;
	fake.bad[fake.nbad++] = 37;
	run(text, false);
	tap_str(errout, "Error: Invalid argument (bad attribute \"flow.cookie\").\n"
		"Command failed test.batch:37\n",
		"no message: the attribute named from the offset");
	fake_reset();
	fake.no_msg = true;
	fake.bad[fake.nbad++] = 38;
	run(text, false);
	tap_str(errout, "Error: Invalid argument (bad attribute \"flow\").\n"
		"Command failed test.batch:38\n", "no message: the nest named");
	free(text);

	fake_reset();
	tap_ok(run("flow add switch sw0 cookie 1 action drop\n"
		   "flow add switch sw0 cookie 2 action drop\n"
		   "flow add switch sw0 cookie 3 action drop\n"
		   "flow add switch sw0 cookie 2 action trap\n"
		   "flow add switch sw0 cookie 4 action drop\n", false) ==
	       NLCTL_EXIT_KERNEL && fake.set_count == 3,
	       "EEXIST: a cookie added twice");
	tap_str(errout, "Error: a flow of this cookie exists.\n"
		"Command failed test.batch:4\n", "  the second line reported");
	fake_reset();
	tap_ok(!run("flow add switch sw0 cookie 1 action drop\n"
		    "flow replace switch sw0 cookie 1 action trap\n", false),
	       "replace: a cookie in use is fine");
	tap_ok(run("flow del switch sw0 cookie 1\n"
		   "flow del switch sw0 cookie 9\n", false) ==
	       NLCTL_EXIT_KERNEL && !fake_installed(1) && fake.sends == 4,
	       "del: an unknown cookie: the line before it done (sent again)");
	tap_str(errout, "Error: no flow of this cookie.\nCommand failed test.batch:2\n",
		"  ENOENT reported on its line");
}

static void test_syntax(void)
{
	char *text = lines(20, ADD_FMT), buf[4096];

	fake_reset();
	snprintf(buf, sizeof(buf), "%sflow add switch sw0 vlan_id 5000 action drop\n"
		 "flow add switch sw0 cookie 99 action drop\n", text);
	tap_ok(run(buf, false) == NLCTL_EXIT_USAGE,
	       "syntax: a bad line after 20 good ones: exit 1");
	tap_str(errout, "Error: argument \"5000\" is wrong: \"vlan_id\" must be a number from 0 to 4095\n"
		"Command failed test.batch:21\n", "  its message, then its line");
	tap_ok(fake.set_count == 20 && !fake_installed(99),
	       "  the lines before it installed, none after");

	fake_reset();
	fake.bad[fake.nbad++] = 10;
	tap_ok(run(buf, false) == NLCTL_EXIT_KERNEL &&
	       !strcmp(errout, "Error: bad flow.\nCommand failed test.batch:10\n") &&
	       fake.set_count == 9,
	       "syntax: an earlier kernel failure comes first, and alone");
	fake_reset();
	fake.bad[fake.nbad++] = 10;
	tap_ok(run(buf, true) == NLCTL_EXIT_KERNEL &&
	       fake.set_count == 20 && fake_installed(99),
	       "syntax, force: the others installed, exit of the first failure");
	tap_str(errout, "Error: bad flow.\nCommand failed test.batch:10\n"
		"Error: argument \"5000\" is wrong: \"vlan_id\" must be a number from 0 to 4095\n"
		"Command failed test.batch:21\n", "  both reported, in order");
	free(text);
}

static void test_window(void)
{
	unsigned int size = nest_size("switch sw0 cookie 1 in_port vf0 dst_mac 02:00:00:00:00:01 action output vf1");
	unsigned int per = 65536 / size, n = per * 12 + 5, bad = per * 3 + 7;
	char *text = lines(n, ADD_FMT), want[200];

	fake_reset();
	fake.lazy = true;
	tap_ok(!run(text, false) && fake.set_count == n &&
	       st.max_inflight == FB_WINDOW && st.requests == 13,
	       "window: ACKs late, %u requests in flight at most", FB_WINDOW);
	fake_reset();
	tap_ok(!run(text, false) && st.max_inflight == 1,
	       "window: ACKs at once, read after each send");

	fake_reset();
	fake.lazy = true;
	fake.bad[fake.nbad++] = bad;
	tap_ok(run(text, false) == NLCTL_EXIT_KERNEL &&
	       strstr(errout, "Command failed test.batch:") &&
	       strstr(errout, "sent before the failure, were applied."),
	       "window: late error, no force: reported, and what was applied said");
	tap_ok(installed_range(1, bad - 1) && !fake_installed(bad),
	       "  the lines before it installed");
	fake_reset();
	fake.lazy = true;
	fake.bad[fake.nbad++] = bad;
	fake.bad[fake.nbad++] = bad + per * 2;
	tap_ok(run(text, true) == NLCTL_EXIT_KERNEL &&
	       fake.set_count == n - 2, "window: late errors, force: the others installed");
	snprintf(want, sizeof(want), "Error: bad flow.\nCommand failed test.batch:%u\n"
		 "Error: bad flow.\nCommand failed test.batch:%u\n", bad,
		 bad + per * 2);
	tap_str(errout, want, "  both reported, in order");
	free(text);
}

static void test_transport(void)
{
	unsigned int size = nest_size("switch sw0 cookie 1 in_port vf0 dst_mac 02:00:00:00:00:01 action output vf1");
	unsigned int per = 65536 / size;
	char *text = lines(per * 3, ADD_FMT), want[200];

	fake_reset();
	fake.fail_send = 2;
	tap_ok(run(text, false) == NLCTL_EXIT_KERNEL && fake.set_count == per,
	       "send fails: exit 2, the first request's lines installed");
	snprintf(want, sizeof(want), "Error: netlink: No buffer space available.\n"
		 "Command failed test.batch:%u\n", per + 1);
	tap_str(errout, want, "  reported at the first line of the request");
	free(text);

	fake_reset();
	fake.open_ret = NLCTL_EXIT_KERNEL;
	tap_ok(run("flow add switch sw0 cookie 1 action drop\n"
		   "flow add switch sw0 cookie 2 action drop\n", false) ==
	       NLCTL_EXIT_KERNEL && !fake.sends,
	       "module not there: exit 2, nothing sent");
	tap_str(errout, "Command failed test.batch:1\n", "  the first line failed");
}

static void test_index(void)
{
	const uint32_t offs[] = { 20, 40, 64, 100 };

	tap_ok(flow_batch_index(offs, 3, 20) == 0 &&
	       flow_batch_index(offs, 3, 39) == 0 &&
	       flow_batch_index(offs, 3, 40) == 1 &&
	       flow_batch_index(offs, 3, 63) == 1 &&
	       flow_batch_index(offs, 3, 64) == 2 &&
	       flow_batch_index(offs, 3, 99) == 2,
	       "index: offsets to their nest");
	tap_ok(flow_batch_index(offs, 3, 19) == -1 &&
	       flow_batch_index(offs, 3, 100) == -1 &&
	       flow_batch_index(offs, 0, 20) == -1,
	       "index: before, after, none");
}

static bool takes(const char *line)
{
	char copy[128], *argv[16];
	int argc;

	snprintf(copy, sizeof(copy), "%s", line);
	argc = make_args(copy, argv, 16);
	return flow_batch_takes(argc, argv);
}

static void test_takes(void)
{
	tap_ok(takes("flow add switch sw0") && takes("fl a switch sw0") &&
	       takes("f replace x") && takes("flow del switch sw0 cookie 1") &&
	       takes("flow d"),
	       "takes: flow add, replace and del, abbreviated or not");
	tap_ok(!takes("flow show") && !takes("flow get switch sw0 cookie 1") &&
	       !takes("flow flush switch sw0") && !takes("flow") &&
	       !takes("switch add name sw0") && !takes("flows add"),
	       "takes: not show, get, flush, other objects");
}

void test_batch(void)
{
	test_packing();
	test_errors();
	test_syntax();
	test_window();
	test_transport();
	test_index();
	test_takes();
}

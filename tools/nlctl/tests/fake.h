/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlctl unit tests: a fake kernel for the flow batcher. It answers
 * VXFP_CMD_FLOW_NEW and _DEL requests as the module is to: all or none,
 * EEXIST for a cookie in use (unless VXFP_A_FLOW_REPLACE), ENOENT for an unknown
 * one, and an extended ACK whose NLMSGERR_ATTR_OFFS points at the flow it
 * refused.
 */
#ifndef NLCTL_TESTS_FAKE_H
#define NLCTL_TESTS_FAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../flow.h"

#define FAKE_MAX_BAD	16
#define FAKE_MAX_REQS	4096

struct fake_kernel {
	/* How it behaves. */
	bool lazy;		/* ACKs only come when waited for */
	bool last_bad;		/* point at the last bad flow, not the first */
	bool no_offset;		/* errors without NLMSGERR_ATTR_OFFS */
	bool at_switch;		/* errors point at VXFP_A_SWITCH_NAME */
	bool no_msg;		/* errors without NLMSGERR_ATTR_MSG */
	bool keep_none;		/* count only: install nothing (benchmark) */
	unsigned int fail_send;	/* the Nth send fails (ENOBUFS); 0: none */
	int open_ret;		/* what open returns */
	uint64_t bad[FAKE_MAX_BAD];	/* cookies refused with EINVAL */
	unsigned int nbad;
	/* What it saw. */
	unsigned int sends;
	unsigned int nests[FAKE_MAX_REQS];	/* flows of each request */
	uint16_t flags[FAKE_MAX_REQS];		/* NLM_F_* of each request */
	bool replace[FAKE_MAX_REQS];		/* VXFP_A_FLOW_REPLACE in it */
	uint8_t cmds[FAKE_MAX_REQS];		/* genl command of each */
	size_t max_len;				/* longest request */
	unsigned long flows_seen;
	/* State: the cookies installed, a hash set. */
	uint64_t *set;
	size_t set_size, set_count;
	/* ACKs not read yet. */
	void *queue[FAKE_MAX_REQS];
	unsigned int qhead, qcount;
};

extern struct fake_kernel fake;
extern const struct fb_transport fake_transport;

void fake_reset(void);
bool fake_installed(uint64_t cookie);

/* stderr into a buffer, for the messages of what fails. */
void capture_start(void);
const char *capture_end(void);

#endif /* NLCTL_TESTS_FAKE_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlctl: flows of a switch's fast path. The parser of a flow's words into
 * a struct flow_spec and its netlink attributes (flowparse.c), the printer
 * of a flow's attributes (flowprint.c), and the batching of "flow add" and
 * "flow del" lines of a batch file into few requests (flowbatch.c). None of
 * them talks to the kernel: the commands are in flow.c.
 */
#ifndef NLCTL_FLOW_H
#define NLCTL_FLOW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <linux/vxfp.h>

#include "extack.h"

struct nl_msg;
struct nlattr;
struct nlmsghdr;

/* What a command takes. */
enum flow_cmd {
	FLOW_ADD,		/* add or replace: a whole flow */
	FLOW_DEL,		/* switch and cookie */
	FLOW_GET,		/* switch and cookie */
};

#define FLOW_ADDR_LEN		16	/* largest key field: an IPv6 address */

/*
 * "flow replace": requests carry VXFP_A_FLOW_REPLACE. (Generic netlink
 * refuses NLM_F_REPLACE, NLM_F_CREATE and NLM_F_EXCL for a family whose
 * resv_start_op is 0, since Linux 6.1.)
 */
#define FLOW_REPLACE_FLAGS	1
#define FLOW_VXLAN_PORT		4789

/* A key field, as the attribute carries it: host order, addresses not. */
struct flow_field {
	bool set;		/* in VXFP_FLOW_A_KEY */
	bool masked;		/* also in VXFP_FLOW_A_MASK */
	uint8_t len;
	uint8_t val[FLOW_ADDR_LEN];
	uint8_t mask[FLOW_ADDR_LEN];
};

/* enum vxfp_encap_attr, parsed */
struct flow_encap {
	uint32_t vni;
	bool ip6;
	bool has_src, has_port, has_tos, has_ttl, has_csum;
	uint8_t src[FLOW_ADDR_LEN];
	uint8_t dst[FLOW_ADDR_LEN];
	uint16_t port;
	uint8_t tos, ttl;
	bool csum;
};

/* One action: type is its enum vxfp_action_attr. */
struct flow_action {
	uint16_t type;
	bool mirror;		/* VXFP_ACT_A_OUTPUT spelt "mirror" */
	union {
		uint32_t port;	/* OUTPUT */
		uint32_t chain;	/* GOTO_CHAIN */
		uint8_t mac[6];	/* SET_ETH_SRC, SET_ETH_DST */
		uint8_t u8;	/* SET_TTL, SET_DSCP */
		struct {
			bool has_id, has_prio, has_tpid;
			uint16_t id, tpid;
			uint8_t prio;
		} vlan;		/* VLAN_PUSH, VLAN_MODIFY */
		struct {
			uint8_t hdr;
			uint32_t off, mask, val;
		} mangle;	/* MANGLE */
		struct flow_encap encap;
	};
};

/* Keywords given besides the key fields. */
#define FS_SWITCH	(1U << 0)
#define FS_COOKIE	(1U << 1)
#define FS_PRIO		(1U << 2)

/* A flow as the command line gives it. */
struct flow_spec {
	unsigned int seen;		/* FS_* */
	const char *sw;			/* points into argv */
	uint64_t cookie;
	uint32_t prio;
	bool replace;			/* flow replace */
	struct flow_field key[VXFP_KEY_A_MAX + 1];	/* by attribute */
	unsigned int nacts;
	struct flow_action acts[VXFP_FLOW_MAX_ACTIONS];
};

/* How a key field is written. */
enum key_type {
	KT_NUM,			/* a number up to max, the full mask */
	KT_PORT,		/* a port id: vfN, repN, uplink, pf */
	KT_MAC,
	KT_IP,			/* IPv4 (attr) or IPv6 (attr6) */
	KT_IP4,
	KT_ETHTYPE,		/* ipv4, ipv6, arp, 802.1Q, 802.1ad or a number */
	KT_TPID,		/* 802.1Q, 802.1ad, none or a number */
	KT_PROTO,		/* tcp, udp, sctp, icmp, icmpv6 or a number */
	KT_ARPOP,		/* request, reply or a number */
	KT_FRAG,		/* frag, nofrag, firstfrag, nofirstfrag */
};

#define KF_HEX		(1U << 0)	/* printed in hex */
#define KF_NOMASK	(1U << 1)	/* matched exactly only */
#define KF_L3		(1U << 2)	/* needs eth_type ipv4 or ipv6 */
#define KF_PORTS	(1U << 3)	/* needs ip_proto tcp, udp or sctp */
#define KF_TCP		(1U << 4)	/* needs ip_proto tcp */
#define KF_ICMP		(1U << 5)	/* needs ip_proto icmp or icmpv6 */
#define KF_ARP		(1U << 6)	/* implies eth_type arp */
#define KF_TUN		(1U << 7)	/* implies in_port uplink, enc_dst_port */
#define KF_HEAD		(1U << 8)	/* printed before the match: chain */

/* A key field: its keyword, attribute(s), syntax and dependencies. */
struct key_desc {
	const char *name;
	uint16_t attr;		/* KT_IP: the IPv4 attribute */
	uint16_t attr6;		/* KT_IP: the IPv6 attribute */
	uint8_t type;		/* enum key_type */
	uint8_t len;		/* of the attribute (KT_IP: IPv4's) */
	uint32_t max;		/* numbers: largest value and full mask */
	unsigned int flags;	/* KF_* */
};

/* flowparse.c */
extern const struct key_desc flow_keys[];
extern const unsigned int flow_nkeys;
extern const struct attr_space flow_attr_space;

/* The words after "flow": add, replace, delete, get, show, flush, help. */
enum flow_word {
	FW_UNKNOWN = -1,
	FW_ADD,
	FW_REPLACE,
	FW_DEL,
	FW_GET,
	FW_SHOW,
	FW_FLUSH,
	FW_HELP,
};

enum flow_word flow_word(const char *arg);
void flow_usage(FILE *out);
const char *eth_type_name(uint16_t type);
const char *ip_proto_name(uint8_t proto);

int parse_flow_port(int *argcp, char ***argvp, const char *key, bool in,
		    uint32_t *port);
int flow_parse(enum flow_cmd cmd, int argc, char **argv, struct flow_spec *f);
int flow_put(struct nl_msg *msg, const struct flow_spec *f);
int flow_put_cookie(struct nl_msg *msg, uint64_t cookie);
#define FLOW_HASH_INIT		0xcbf29ce484222325ULL
uint64_t flow_hash(const void *data, size_t len, uint64_t hash);
const char *mangle_hdr_name(uint8_t hdr);

/* flowprint.c */
const char *flow_port_name(uint32_t port, char *buf, size_t size);
int flow_print(const char *sw, struct nlattr *flow, bool stats);
void print_fp_stats(struct nlattr *nest);

/*
 * flowbatch.c: how the batcher reaches the kernel (flowsend.c), or a test.
 * open: errors printed, returns an exit code and the family's id.
 * send: one whole request; 0 or -errno. @buf may be read until its ACK
 *	has come or drain was called (flowsend.c sends from a thread).
 * recv: what is queued, at most @len bytes, one datagram; 0 if nothing is
 *	and @block is false; -errno, which may be that of an earlier send.
 * drain: optional; returns once nothing is being sent, before the
 *	batcher frees requests whose ACKs have not come.
 */
struct fb_transport {
	int (*open)(void *arg, int *family);
	int (*send)(void *arg, const void *buf, size_t len);
	ssize_t (*recv)(void *arg, void *buf, size_t len, bool block);
	void (*drain)(void *arg);
	void *arg;
};

/* What a batch did, for the tests and the benchmark. */
struct fb_stats {
	unsigned long requests;		/* requests sent, resends included */
	unsigned long flows;		/* flow nests sent, resends included */
	unsigned long resends;		/* requests sent again after an error */
	unsigned int max_inflight;	/* most requests awaiting their ACK */
};

#define FB_WINDOW		8	/* requests in flight */
#define FB_MAX_BYTES		65536	/* attributes of one request, about */

struct flow_batch;

bool flow_batch_takes(int argc, char **argv);
struct flow_batch *flow_batch_new(const char *file, bool force,
				  const struct fb_transport *tp);
int flow_batch_line(struct flow_batch *b, int argc, char **argv,
		    unsigned long lineno);
int flow_batch_sync(struct flow_batch *b);
const struct fb_stats *flow_batch_stats(const struct flow_batch *b);
void flow_batch_free(struct flow_batch *b);
int flow_batch_index(const uint32_t *offs, unsigned int n, uint32_t off);

/* flowsend.c */
extern const struct fb_transport flow_sock_transport;

#endif /* NLCTL_FLOW_H */

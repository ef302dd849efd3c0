// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of nlctl's flow grammar (tools/nlctl/flowparse.c) and
 * of its printer (flowprint.c).
 *
 * An input is either
 *
 *   text: one batch line (its newline, if any, dropped), split as nlctl
 *	-b splits it (make_args()): the words after "flow add", or after
 *	"flow del" / "flow get" if the first word is "del" or "get". A line
 *	that parses is packed into its VXFP_A_FLOW nest (flow_put()),
 *	printed (flow_print(), as "flow show" does), and the printed line
 *	must parse again, into the same flow: the same key, mask, cookie,
 *	priority and actions, up to what the printer leaves out on purpose
 *	(encap tos 0, ttl 0 and a zero src_ip, vlan push prio 0 and protocol
 *	802.1Q, ip_flags 0/0x3 printed as nofrag). The second print must be
 *	the first one again. JSON is printed as well, unchecked;
 *
 *   raw:	a first byte 0x00 or 0x01 and the rest the payload of a
 *	VXFP_A_FLOW nest (flow_print(), with counters) or of a
 *	VXFP_A_SWITCH_STATS nest (print_fp_stats()), as a kernel could send
 *	them: the printer must survive whatever it is given.
 *
 * A round trip that fails calls abort() after writing both lines to the
 * stderr that was there at start-up (the Makefile runs with
 * -close_fd_mask=3, since the printers write warnings to stderr).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "flow.h"
#include "json.h"
#include "nlctl.h"
#include "vf.h"

#define MAX_LINE	4096
#define MAX_WORDS	256

static FILE *devnull;
static FILE *diag;		/* stderr as it was at start-up */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd;

	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	fd = dup(2);
	diag = fd >= 0 ? fdopen(fd, "w") : stderr;
	if (!devnull || !diag)
		abort();
	return 0;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fuzz_flowparse: ", diag);
	vfprintf(diag, fmt, ap);
	fputc('\n', diag);
	va_end(ap);
	fflush(diag);
	abort();
}

/* A flow as the kernel would take it, what the printer drops made explicit. */
struct norm_field {
	uint8_t set;
	uint8_t len;
	uint8_t val[FLOW_ADDR_LEN];
	uint8_t mask[FLOW_ADDR_LEN];
};

struct norm_action {
	uint16_t type;
	uint8_t payload[48];
};

struct norm_flow {
	uint64_t cookie;
	uint32_t prio;
	struct norm_field key[VXFP_KEY_A_MAX + 1];
	unsigned int nacts;
	struct norm_action acts[VXFP_FLOW_MAX_ACTIONS + 1];
};

static const struct key_desc *desc_of(unsigned int attr)
{
	unsigned int i;

	for (i = 0; i < flow_nkeys; i++)
		if (flow_keys[i].attr == attr ||
		    (flow_keys[i].attr6 && flow_keys[i].attr6 == attr))
			return &flow_keys[i];
	return NULL;
}

static struct nlattr *find(struct nlattr *nest, int type)
{
	struct nlattr *nla;
	int rem;

	if (!nest)
		return NULL;
	nla_for_each_nested(nla, nest, rem)
		if (nla_type(nla) == type)
			return nla;
	return NULL;
}

static void put_le(uint8_t *p, unsigned int len, uint32_t v)
{
	memcpy(p, &v, len);	/* host order, little-endian here */
}

static uint32_t get_le(const uint8_t *p, unsigned int len)
{
	uint32_t v = 0;

	memcpy(&v, p, len);
	return v;
}

static void norm_fields(struct nlattr *flow, struct norm_flow *n)
{
	struct nlattr *keys = find(flow, VXFP_FLOW_A_KEY);
	struct nlattr *masks = find(flow, VXFP_FLOW_A_MASK);
	struct nlattr *nla;
	int rem;

	if (!keys)
		fail("a flow without a key nest");
	nla_for_each_nested(nla, keys, rem) {
		const struct key_desc *d = desc_of(nla_type(nla));
		struct norm_field *f = &n->key[nla_type(nla)];
		struct nlattr *m = find(masks, nla_type(nla));
		unsigned int len = nla_len(nla), i;

		if (!d || len > FLOW_ADDR_LEN || (m && nla_len(m) != (int)len))
			fail("bad key attribute %d (len %u)", nla_type(nla), len);
		f->set = 1;
		f->len = len;
		memcpy(f->val, nla_data(nla), len);
		if (m)
			memcpy(f->mask, nla_data(m), len);
		else
			memset(f->mask, 0xff, len);
		if (d->type != KT_MAC && d->type != KT_IP && d->type != KT_IP4)
			put_le(f->mask, len, get_le(f->mask, len) & d->max);
		for (i = 0; i < len; i++)
			f->val[i] &= f->mask[i];
		/* ip_flags: "not a fragment, nor a later one" is "nofrag". */
		if (d->type == KT_FRAG && f->mask[0] == 3 && !f->val[0])
			f->mask[0] = 1;
	}
	if (masks) {
		nla_for_each_nested(nla, masks, rem)
			if (!find(keys, nla_type(nla)))
				fail("mask attribute %d without its key",
				     nla_type(nla));
	}
}

static void norm_encap(struct nlattr *nest, uint8_t *p)
{
	struct nlattr *nla;
	int rem;

	/* id u32 | dst 16 | src 16 | port u16 + has | tos | ttl | csum + has */
	nla_for_each_nested(nla, nest, rem) {
		unsigned int len = nla_len(nla);

		switch (nla_type(nla)) {
		case VXFP_ENCAP_A_ID:
			memcpy(p, nla_data(nla), 4);
			break;
		case VXFP_ENCAP_A_IPV4_DST:
		case VXFP_ENCAP_A_IPV6_DST:
			p[43] = (uint8_t)len;
			memcpy(p + 4, nla_data(nla), len);
			break;
		case VXFP_ENCAP_A_IPV4_SRC:
		case VXFP_ENCAP_A_IPV6_SRC:
			memcpy(p + 20, nla_data(nla), len);
			break;
		case VXFP_ENCAP_A_DST_PORT:
			memcpy(p + 36, nla_data(nla), 2);
			p[38] = 1;
			break;
		case VXFP_ENCAP_A_TOS:
			p[39] = nla_get_u8(nla);
			break;
		case VXFP_ENCAP_A_TTL:
			p[40] = nla_get_u8(nla);
			break;
		case VXFP_ENCAP_A_CSUM:
			p[41] = nla_get_u8(nla);
			p[42] = 1;
			break;
		default:
			fail("unknown encap attribute %d", nla_type(nla));
		}
	}
}

static void norm_vlan(struct nlattr *nest, bool push, uint8_t *p)
{
	struct nlattr *nla;
	int rem;

	/* id u16 | has id | prio | has prio | tpid u16 (push: 802.1Q) */
	if (push)
		put_le(p + 5, 2, VF_ETH_P_8021Q);
	nla_for_each_nested(nla, nest, rem) {
		switch (nla_type(nla)) {
		case VXFP_VLAN_A_ID:
			memcpy(p, nla_data(nla), 2);
			p[2] = 1;
			break;
		case VXFP_VLAN_A_PRIO:
			/* vlan push prio 0 is the default; modify's is not */
			p[3] = nla_get_u8(nla);
			p[4] = !push || p[3];
			break;
		case VXFP_VLAN_A_TPID:
			memcpy(p + 5, nla_data(nla), 2);
			break;
		default:
			fail("unknown vlan attribute %d", nla_type(nla));
		}
	}
}

static void norm_flow(struct nlattr *flow, struct norm_flow *n)
{
	struct nlattr *nla, *acts;
	int rem;

	memset(n, 0, sizeof(*n));
	nla = find(flow, VXFP_FLOW_A_COOKIE);
	if (!nla)
		fail("a flow without a cookie");
	n->cookie = nla_get_u64(nla);
	nla = find(flow, VXFP_FLOW_A_PRIORITY);
	n->prio = nla ? nla_get_u32(nla) : 0;
	norm_fields(flow, n);
	acts = find(flow, VXFP_FLOW_A_ACTIONS);
	if (!acts)
		fail("a flow without actions");
	nla_for_each_nested(nla, acts, rem) {
		struct norm_action *a = &n->acts[n->nacts];
		unsigned int len = nla_len(nla);

		if (n->nacts == VXFP_FLOW_MAX_ACTIONS)
			fail("more than %d actions", VXFP_FLOW_MAX_ACTIONS);
		n->nacts++;
		a->type = nla_type(nla);
		switch (a->type) {
		case VXFP_ACT_A_ENCAP:
			norm_encap(nla, a->payload);
			break;
		case VXFP_ACT_A_VLAN_PUSH:
		case VXFP_ACT_A_VLAN_MODIFY:
			norm_vlan(nla, a->type == VXFP_ACT_A_VLAN_PUSH,
				  a->payload);
			break;
		default:
			if (len > sizeof(a->payload))
				fail("action %d of %u bytes", a->type, len);
			memcpy(a->payload, nla_data(nla), len);
			break;
		}
	}
}

/* One line into @f; @buf keeps the words @f points at. */
static int parse_line(const char *line, size_t len, char *buf,
		      char **argv, struct flow_spec *f, enum flow_cmd *cmd)
{
	int argc;

	if (len >= MAX_LINE)
		return -1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	argc = make_args(buf, argv, MAX_WORDS);
	if (argc < 0)
		return -1;
	*cmd = FLOW_ADD;
	if (argc && (!strcmp(argv[0], "del") || !strcmp(argv[0], "get"))) {
		*cmd = argv[0][0] == 'd' ? FLOW_DEL : FLOW_GET;
		argc--;
		argv++;
	}
	return flow_parse(*cmd, argc, argv, f);
}

static char *print_flow(struct nlattr *nest, const char *sw, bool json,
			bool stats, size_t *len)
{
	char *out = NULL;
	FILE *f;

	f = open_memstream(&out, len);
	if (!f)
		abort();
	print_start(f, json, false);
	flow_print(sw, nest, stats);
	print_end();
	fclose(f);
	return out;
}

static struct nl_msg *pack(const struct flow_spec *f)
{
	struct nl_msg *msg = nlmsg_alloc_size(32768);

	if (!msg)
		abort();
	if (flow_put(msg, f) < 0)
		fail("flow_put failed for a flow that parsed");
	return msg;
}

static void text_input(const uint8_t *data, size_t size)
{
	static char buf1[MAX_LINE], buf2[MAX_LINE];
	static char *argv1[MAX_WORDS], *argv2[MAX_WORDS];
	static struct flow_spec f1, f2;
	static struct norm_flow n1, n2;
	char *line1 = NULL, *line2 = NULL, *json;
	struct nl_msg *m1, *m2;
	enum flow_cmd cmd;
	size_t len1, len2, jlen;
	int ret;

	if (size && data[size - 1] == '\n')
		size--;		/* a line of a file */
	if (memchr(data, '\0', size) || memchr(data, '\n', size))
		return;
	nlctl_set_err(devnull);
	ret = parse_line((const char *)data, size, buf1, argv1, &f1, &cmd);
	if (ret) {
		nlctl_set_err(NULL);
		return;
	}
	if (cmd != FLOW_ADD) {
		m1 = nlmsg_alloc_size(256);
		if (!m1 || flow_put_cookie(m1, f1.cookie) < 0)
			abort();
		nlmsg_free(m1);
		nlctl_set_err(NULL);
		return;
	}
	m1 = pack(&f1);
	line1 = print_flow(nlmsg_attrdata(nlmsg_hdr(m1), 0), f1.sw, false,
			   false, &len1);
	if (len1 < 2 || line1[len1 - 1] != '\n' || memchr(line1, '\n', len1 - 1))
		fail("not one line: \"%s\"", line1);
	ret = parse_line(line1, len1 - 1, buf2, argv2, &f2, &cmd);
	if (ret || cmd != FLOW_ADD) {
		char err[512] = "";
		FILE *e = fmemopen(err, sizeof(err) - 1, "w");

		nlctl_set_err(e);
		parse_line(line1, len1 - 1, buf2, argv2, &f2, &cmd);
		fclose(e);
		fail("the printed flow does not parse back\n  input:   \"%.*s\"\n  printed: %s  error:   %s",
		     (int)size, (const char *)data, line1, err);
	}
	m2 = pack(&f2);
	norm_flow(nlmsg_attrdata(nlmsg_hdr(m1), 0), &n1);
	norm_flow(nlmsg_attrdata(nlmsg_hdr(m2), 0), &n2);
	if (memcmp(&n1, &n2, sizeof(n1)))
		fail("the printed flow parses into another flow\n  input:   \"%.*s\"\n  printed: %s",
		     (int)size, (const char *)data, line1);
	line2 = print_flow(nlmsg_attrdata(nlmsg_hdr(m2), 0), f2.sw, false,
			   false, &len2);
	if (len1 != len2 || memcmp(line1, line2, len1))
		fail("printing is not stable\n  input:   \"%.*s\"\n  printed: %s  again:   %s",
		     (int)size, (const char *)data, line1, line2);
	json = print_flow(nlmsg_attrdata(nlmsg_hdr(m1), 0), f1.sw, true, false,
			  &jlen);
	free(json);
	free(line1);
	free(line2);
	nlmsg_free(m1);
	nlmsg_free(m2);
	nlctl_set_err(NULL);
}

/* @data as the payload of an attribute of type @type, printed. */
static void raw_input(uint8_t mode, const uint8_t *data, size_t size)
{
	struct nlattr *nla;
	size_t len;
	char *out;

	if (size > 60000)
		return;
	nla = calloc(1, NLA_HDRLEN + size + NLA_ALIGNTO);
	if (!nla)
		abort();
	nla->nla_type = NLA_F_NESTED | (mode ? VXFP_A_SWITCH_STATS : VXFP_A_FLOW);
	nla->nla_len = (uint16_t)(NLA_HDRLEN + size);
	memcpy((char *)nla + NLA_HDRLEN, data, size);
	if (mode) {
		FILE *f = open_memstream(&out, &len);

		if (!f)
			abort();
		print_start(f, size & 1, false);
		open_json_object(NULL);
		print_fp_stats(nla);
		close_json_object();
		print_end();
		fclose(f);
		free(out);
	} else {
		out = print_flow(nla, "sw0", false, true, &len);
		free(out);
		out = print_flow(nla, "sw0", true, true, &len);
		free(out);
	}
	free(nla);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size && data[0] <= 1)
		raw_input(data[0], data + 1, size - 1);
	else
		text_input(data, size);
	return 0;
}

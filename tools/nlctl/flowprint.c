// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: a flow's attributes as one line of the grammar "flow add" takes
 * (so that "flow show" can be fed back to it), or as a JSON object; and
 * the counters of a switch's fast path.
 *
 *   switch sw0 cookie 0x1 prio 0 in_port vf0 eth_type ipv4 dst_ip 10.0.0.2
 *   ip_proto tcp dst_port 80 action encap id 42 dst_ip 192.0.2.2 dst_port
 *   4789 ttl 64 csum output uplink
 *
 * (one line). A field whose mask is full is printed without one, a field
 * whose mask is zero not at all; prefixes as "/24", other masks of
 * addresses as addresses, of numbers in hex ("/0xff"), as tc does.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>

#include "flow.h"
#include "json.h"
#include "nlctl.h"
#include "vf.h"

static struct nla_policy flow_policy[VXFP_FLOW_A_MAX + 1] = {
	[VXFP_FLOW_A_COOKIE]	= { .type = NLA_U64 },
	[VXFP_FLOW_A_PRIORITY]	= { .type = NLA_U32 },
	[VXFP_FLOW_A_KEY]	= { .type = NLA_NESTED },
	[VXFP_FLOW_A_MASK]	= { .type = NLA_NESTED },
	[VXFP_FLOW_A_ACTIONS]	= { .type = NLA_NESTED },
	[VXFP_FLOW_A_STATS]	= { .type = NLA_NESTED },
};

static struct nla_policy encap_policy[VXFP_ENCAP_A_MAX + 1] = {
	[VXFP_ENCAP_A_ID]	= { .type = NLA_U32 },
	[VXFP_ENCAP_A_IPV4_SRC]	= { .minlen = 4, .maxlen = 4 },
	[VXFP_ENCAP_A_IPV4_DST]	= { .minlen = 4, .maxlen = 4 },
	[VXFP_ENCAP_A_IPV6_SRC]	= { .minlen = 16, .maxlen = 16 },
	[VXFP_ENCAP_A_IPV6_DST]	= { .minlen = 16, .maxlen = 16 },
	[VXFP_ENCAP_A_DST_PORT]	= { .type = NLA_U16 },
	[VXFP_ENCAP_A_TOS]	= { .type = NLA_U8 },
	[VXFP_ENCAP_A_TTL]	= { .type = NLA_U8 },
	[VXFP_ENCAP_A_CSUM]	= { .type = NLA_U8 },
};

static struct nla_policy vlan_policy[VXFP_VLAN_A_MAX + 1] = {
	[VXFP_VLAN_A_ID]	= { .type = NLA_U16 },
	[VXFP_VLAN_A_PRIO]	= { .type = NLA_U8 },
	[VXFP_VLAN_A_TPID]	= { .type = NLA_U16 },
};

static struct nla_policy mangle_policy[VXFP_MANGLE_A_MAX + 1] = {
	[VXFP_MANGLE_A_HDR]	= { .type = NLA_U8 },
	[VXFP_MANGLE_A_OFFSET]	= { .type = NLA_U32 },
	[VXFP_MANGLE_A_MASK]	= { .type = NLA_U32 },
	[VXFP_MANGLE_A_VALUE]	= { .type = NLA_U32 },
};

static struct nla_policy stats_policy[VXFP_FLOW_STATS_MAX + 1] = {
	[VXFP_FLOW_STATS_PACKETS]	= { .type = NLA_U64 },
	[VXFP_FLOW_STATS_BYTES]		= { .type = NLA_U64 },
	[VXFP_FLOW_STATS_USED]		= { .type = NLA_U64 },
	[VXFP_FLOW_STATS_AGE]		= { .type = NLA_U64 },
};

static struct nla_policy sw_stats_policy[VXFP_SW_STATS_MAX + 1] = {
	[VXFP_SW_STATS_FLOWS]		= { .type = NLA_U32 },
	[VXFP_SW_STATS_MASKS]		= { .type = NLA_U32 },
	[VXFP_SW_STATS_HITS]		= { .type = NLA_U64 },
	[VXFP_SW_STATS_MISSES]		= { .type = NLA_U64 },
	[VXFP_SW_STATS_ENCAP]		= { .type = NLA_U64 },
	[VXFP_SW_STATS_DECAP]		= { .type = NLA_U64 },
	[VXFP_SW_STATS_SLOW_PATH]	= { .type = NLA_U64 },
	[VXFP_SW_STATS_DROPS]		= { .type = NLA_NESTED },
};

/* enum vxfp_fp_drop_reason, lower-cased without the prefix */
static const char *const fp_drop_names[VXFP_FP_DROP_MAX + 1] = {
	[VXFP_FP_DROP_ACTION]		= "action",
	[VXFP_FP_DROP_TOO_BIG]		= "too_big",
	[VXFP_FP_DROP_NOMEM]		= "nomem",
	[VXFP_FP_DROP_LINK_DOWN]	= "link_down",
	[VXFP_FP_DROP_LOOP]		= "loop",
	[VXFP_FP_DROP_MALFORMED]	= "malformed",
};

/*
 * "vf3", "rep3", "uplink", "pf", "dev NAME" (or "ifindex N" where no netdev
 * has it here), or the number in hex.
 */
const char *flow_port_name(uint32_t port, char *buf, size_t size)
{
	if (port == VXFP_PORT_ID_UPLINK)
		return "uplink";
	if (port == VXFP_PORT_ID_PF)
		return "pf";
	if (VXFP_PORT_ID_IS_HOST(port)) {
		char name[IF_NAMESIZE];

		if (if_indextoname(VXFP_PORT_ID_IFINDEX(port), name))
			snprintf(buf, size, "dev %s", name);
		else
			snprintf(buf, size, "ifindex %u", VXFP_PORT_ID_IFINDEX(port));
		return buf;
	}
	if (port < VXFP_MAX_VFS)
		snprintf(buf, size, "vf%u", port);
	else if ((port & ~0xffffU) == VXFP_PORT_ID_REP(0) &&
		 (port & 0xffff) < VXFP_MAX_VFS)
		snprintf(buf, size, "rep%u", port & 0xffff);
	else
		snprintf(buf, size, "0x%x", port);
	return buf;
}

/* The descriptor of key attribute @attr, and the length it must have. */
static const struct key_desc *key_desc_of(unsigned int attr, unsigned int *len)
{
	unsigned int i;

	for (i = 0; i < flow_nkeys; i++) {
		if (flow_keys[i].attr == attr) {
			*len = flow_keys[i].len;
			return &flow_keys[i];
		}
		if (flow_keys[i].attr6 && flow_keys[i].attr6 == attr) {
			*len = 16;
			return &flow_keys[i];
		}
	}
	return NULL;
}

struct flow_attrs {
	struct nlattr *tb[VXFP_FLOW_A_MAX + 1];
	struct nlattr *key[VXFP_KEY_A_MAX + 1];
	struct nlattr *mask[VXFP_KEY_A_MAX + 1];
	unsigned int unknown;			/* key attributes newer than us */
};

/* Key or mask attributes by type, their lengths checked. */
static int collect_fields(struct nlattr *nest, struct nlattr **out,
			  unsigned int *unknown)
{
	struct nlattr *nla;
	unsigned int len;
	int rem;

	if (!nest)
		return 0;
	nla_for_each_nested(nla, nest, rem) {
		int type = nla_type(nla);

		if (type < 1 || type > VXFP_KEY_A_MAX ||
		    !key_desc_of(type, &len)) {
			(*unknown)++;
			continue;
		}
		if (nla_len(nla) != (int)len)
			return -1;
		out[type] = nla;
	}
	return 0;
}

static int action_len_ok(struct nlattr *nla)
{
	switch (nla_type(nla)) {
	case VXFP_ACT_A_OUTPUT:
	case VXFP_ACT_A_GOTO_CHAIN:
		return nla_len(nla) == 4;
	case VXFP_ACT_A_SET_ETH_SRC:
	case VXFP_ACT_A_SET_ETH_DST:
		return nla_len(nla) == 6;
	case VXFP_ACT_A_SET_TTL:
	case VXFP_ACT_A_SET_DSCP:
		return nla_len(nla) == 1;
	}
	return 1;
}

static int flow_attrs_parse(struct nlattr *flow, struct flow_attrs *fa)
{
	struct nlattr *nla;
	int rem;

	memset(fa, 0, sizeof(*fa));
	if (nla_parse_nested(fa->tb, VXFP_FLOW_A_MAX, flow, flow_policy) < 0 ||
	    !fa->tb[VXFP_FLOW_A_COOKIE])
		return -1;
	if (collect_fields(fa->tb[VXFP_FLOW_A_KEY], fa->key, &fa->unknown) ||
	    collect_fields(fa->tb[VXFP_FLOW_A_MASK], fa->mask, &fa->unknown))
		return -1;
	if (fa->tb[VXFP_FLOW_A_ACTIONS])
		nla_for_each_nested(nla, fa->tb[VXFP_FLOW_A_ACTIONS], rem)
			if (!action_len_ok(nla))
				return -1;
	return 0;
}

static uint32_t get_num(const uint8_t *p, unsigned int len)
{
	uint16_t v16;
	uint32_t v;

	switch (len) {
	case 1:
		return p[0];
	case 2:
		memcpy(&v16, p, 2);
		return v16;
	}
	memcpy(&v, p, 4);
	return v;
}

/* The prefix length of @mask, or -1 if its ones are not contiguous. */
static int mask_prefix(const uint8_t *mask, unsigned int len)
{
	unsigned int i, plen = 0;
	bool zeros = false;
	int bit;

	for (i = 0; i < len; i++) {
		for (bit = 7; bit >= 0; bit--) {
			if (mask[i] & (1U << bit)) {
				if (zeros)
					return -1;
				plen++;
			} else {
				zeros = true;
			}
		}
	}
	return (int)plen;
}

static void format_bytes(int type, unsigned int len, const uint8_t *p,
			 char *buf, size_t size)
{
	char mac[VF_MAC_STRLEN];

	if (type == KT_MAC) {
		format_mac(p, mac);
		snprintf(buf, size, "%s", mac);
	} else if (!inet_ntop(len == 16 ? AF_INET6 : AF_INET, p, buf, size)) {
		snprintf(buf, size, "?");
	}
}

/* ip_flags: tc's words when they say it exactly, else VAL/MASK. */
static void format_frag(uint32_t val, uint32_t mask, char *buf, size_t size)
{
	const uint32_t both = VXFP_FRAG_IS | VXFP_FRAG_LATER;

	val &= mask;
	if (mask == VXFP_FRAG_IS)
		snprintf(buf, size, "%s", val ? "frag" : "nofrag");
	else if (mask == both && val == VXFP_FRAG_IS)
		snprintf(buf, size, "frag/firstfrag");
	else if (mask == both && val == both)
		snprintf(buf, size, "frag/nofirstfrag");
	else if (mask == both && !val)
		snprintf(buf, size, "nofrag");
	else
		snprintf(buf, size, "0x%x/0x%x", val, mask);
}

/* A named value: "ipv4", "tcp", "802.1ad", "vf0"... or a number. */
static void format_named(const struct key_desc *d, uint32_t v, char *buf,
			 size_t size)
{
	const char *name = NULL;

	switch (d->type) {
	case KT_PORT:
		name = flow_port_name(v, buf, size);
		break;
	case KT_ETHTYPE:
		name = eth_type_name((uint16_t)v);
		break;
	case KT_TPID:
		name = v ? vlan_proto_name((uint16_t)v) : "none";
		break;
	case KT_PROTO:
		name = ip_proto_name((uint8_t)v);
		break;
	case KT_ARPOP:
		name = v == 1 ? "request" : v == 2 ? "reply" : NULL;
		break;
	}
	if (name != buf) {
		if (name)
			snprintf(buf, size, "%s", name);
		else if (d->flags & KF_HEX)
			snprintf(buf, size, "0x%04x", v);
		else
			snprintf(buf, size, "%u", v);
	}
}

/* One field of the match; nothing if its mask is zero. */
static void print_field(const struct key_desc *d, const struct flow_attrs *fa)
{
	unsigned int attr = d->attr, len = d->len, i;
	uint8_t val[FLOW_ADDR_LEN] = { 0 }, msk[FLOW_ADDR_LEN];
	char txt[64], mtxt[64] = "", key[32], line[160];
	struct nlattr *k, *m;
	uint32_t v, mk;
	bool bytes = d->type == KT_MAC || d->type == KT_IP ||
		     d->type == KT_IP4;
	int plen;

	if (d->attr6 && !fa->key[attr] && !fa->mask[attr]) {
		attr = d->attr6;
		len = 16;
	}
	k = fa->key[attr];
	m = fa->mask[attr];
	if (!k && !m)
		return;
	if (k)
		memcpy(val, nla_data(k), len);
	if (m)
		memcpy(msk, nla_data(m), len);
	else
		memset(msk, 0xff, len);
	if (bytes) {
		for (i = 0; i < len; i++)
			val[i] &= msk[i];
		plen = mask_prefix(msk, len);
		if (!plen)
			return;
		format_bytes(d->type, len, val, txt, sizeof(txt));
		if (plen < 0)
			format_bytes(d->type, len, msk, mtxt + 1,
				     sizeof(mtxt) - 1);
		else if ((unsigned int)plen < len * 8)
			snprintf(mtxt + 1, sizeof(mtxt) - 1, "%d", plen);
		if (mtxt[1])
			mtxt[0] = '/';
		snprintf(line, sizeof(line), "%s%s", txt, mtxt);
		snprintf(key, sizeof(key), " %s %%s", d->name);
		print_string(PRINT_ANY, d->name, key, line);
		return;
	}
	mk = get_num(msk, len) & d->max;
	if (!mk)
		return;
	v = get_num(val, len) & mk;
	if (d->type == KT_FRAG)
		format_frag(v, mk, txt, sizeof(txt));
	else if (d->type == KT_NUM)
		snprintf(txt, sizeof(txt), d->flags & KF_HEX ? "0x%x" : "%u", v);
	else
		format_named(d, v, txt, sizeof(txt));
	if (mk != d->max && d->type != KT_FRAG)
		snprintf(mtxt, sizeof(mtxt), "/0x%x", mk);
	snprintf(line, sizeof(line), " %s %s%s", d->name, txt, mtxt);
	print_string(PRINT_FP, NULL, "%s", line);
	if (d->type == KT_NUM)
		print_uint(PRINT_JSON, d->name, NULL, v);
	else
		print_string(PRINT_JSON, d->name, NULL, txt);
	if (mtxt[0]) {
		snprintf(key, sizeof(key), "%s_mask", d->name);
		print_uint(PRINT_JSON, key, NULL, mk);
	}
}

static void print_port_action(const char *word, uint32_t port)
{
	char buf[32];

	print_string(PRINT_ANY, "type", " %s", word);
	print_string(PRINT_ANY, "port", " %s",
		     flow_port_name(port, buf, sizeof(buf)));
}

static void print_addr(const char *key, const char *fmt, struct nlattr *nla)
{
	char buf[INET6_ADDRSTRLEN];

	if (!inet_ntop(nla_len(nla) == 16 ? AF_INET6 : AF_INET, nla_data(nla),
		       buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "?");
	print_string(PRINT_ANY, key, fmt, buf);
}

static bool nonzero(struct nlattr *nla)
{
	const uint8_t *p = nla_data(nla);
	int i;

	for (i = 0; i < nla_len(nla); i++)
		if (p[i])
			return true;
	return false;
}

static int print_encap(struct nlattr *nest)
{
	struct nlattr *tb[VXFP_ENCAP_A_MAX + 1], *src, *dst;

	if (nla_parse_nested(tb, VXFP_ENCAP_A_MAX, nest, encap_policy) < 0)
		return -1;
	print_string(PRINT_ANY, "type", " %s", "encap");
	if (tb[VXFP_ENCAP_A_ID])
		print_uint(PRINT_ANY, "id", " id %llu",
			   nla_get_u32(tb[VXFP_ENCAP_A_ID]));
	dst = tb[VXFP_ENCAP_A_IPV4_DST] ? tb[VXFP_ENCAP_A_IPV4_DST] :
	      tb[VXFP_ENCAP_A_IPV6_DST];
	src = tb[VXFP_ENCAP_A_IPV4_SRC] ? tb[VXFP_ENCAP_A_IPV4_SRC] :
	      tb[VXFP_ENCAP_A_IPV6_SRC];
	if (dst)
		print_addr("dst_ip", " dst_ip %s", dst);
	if (src && nonzero(src))
		print_addr("src_ip", " src_ip %s", src);
	if (tb[VXFP_ENCAP_A_DST_PORT])
		print_uint(PRINT_ANY, "dst_port", " dst_port %llu",
			   nla_get_u16(tb[VXFP_ENCAP_A_DST_PORT]));
	if (tb[VXFP_ENCAP_A_TOS] && nla_get_u8(tb[VXFP_ENCAP_A_TOS]))
		print_uint(PRINT_ANY, "tos", " tos 0x%llx",
			   nla_get_u8(tb[VXFP_ENCAP_A_TOS]));
	if (tb[VXFP_ENCAP_A_TTL] && nla_get_u8(tb[VXFP_ENCAP_A_TTL]))
		print_uint(PRINT_ANY, "ttl", " ttl %llu",
			   nla_get_u8(tb[VXFP_ENCAP_A_TTL]));
	if (tb[VXFP_ENCAP_A_CSUM]) {
		print_string(PRINT_FP, NULL, " %s",
			     nla_get_u8(tb[VXFP_ENCAP_A_CSUM]) ? "csum" :
			     "nocsum");
		print_on_off(PRINT_JSON, "csum", NULL,
			     nla_get_u8(tb[VXFP_ENCAP_A_CSUM]));
	}
	return 0;
}

static int print_vlan(struct nlattr *nest, bool push)
{
	struct nlattr *tb[VXFP_VLAN_A_MAX + 1];
	const char *name;
	char buf[16];
	uint16_t tpid;

	if (nla_parse_nested(tb, VXFP_VLAN_A_MAX, nest, vlan_policy) < 0)
		return -1;
	print_string(PRINT_FP, NULL, " vlan %s", push ? "push" : "modify");
	print_string(PRINT_JSON, "type", NULL, push ? "vlan_push" :
		     "vlan_modify");
	if (tb[VXFP_VLAN_A_ID])
		print_uint(PRINT_ANY, "id", " id %llu",
			   nla_get_u16(tb[VXFP_VLAN_A_ID]));
	if (tb[VXFP_VLAN_A_PRIO])
		print_uint(push && !nla_get_u8(tb[VXFP_VLAN_A_PRIO]) ?
			   PRINT_JSON : PRINT_ANY, "prio", " prio %llu",
			   nla_get_u8(tb[VXFP_VLAN_A_PRIO]));
	if (push && tb[VXFP_VLAN_A_TPID]) {
		tpid = nla_get_u16(tb[VXFP_VLAN_A_TPID]);
		name = vlan_proto_name(tpid);
		if (!name) {
			snprintf(buf, sizeof(buf), "0x%04x", tpid);
			name = buf;
		}
		print_string(tpid == VF_ETH_P_8021Q ? PRINT_JSON : PRINT_ANY,
			     "protocol", " protocol %s", name);
	}
	return 0;
}

static int print_mangle(struct nlattr *nest)
{
	struct nlattr *tb[VXFP_MANGLE_A_MAX + 1];
	const char *name;
	char buf[16];
	uint8_t hdr;

	if (nla_parse_nested(tb, VXFP_MANGLE_A_MAX, nest, mangle_policy) < 0 ||
	    !tb[VXFP_MANGLE_A_HDR] || !tb[VXFP_MANGLE_A_OFFSET] ||
	    !tb[VXFP_MANGLE_A_MASK] || !tb[VXFP_MANGLE_A_VALUE])
		return -1;
	hdr = nla_get_u8(tb[VXFP_MANGLE_A_HDR]);
	name = mangle_hdr_name(hdr);
	if (!name) {
		snprintf(buf, sizeof(buf), "%u", hdr);
		name = buf;
	}
	print_string(PRINT_ANY, "type", " %s", "pedit");
	print_string(PRINT_ANY, "htype", " %s", name);
	print_uint(PRINT_ANY, "offset", " offset %llu",
		   nla_get_u32(tb[VXFP_MANGLE_A_OFFSET]));
	print_uint(PRINT_ANY, "mask", " mask 0x%llx",
		   nla_get_u32(tb[VXFP_MANGLE_A_MASK]));
	print_uint(PRINT_ANY, "value", " value 0x%llx",
		   nla_get_u32(tb[VXFP_MANGLE_A_VALUE]));
	return 0;
}

static void print_mac_action(const char *key, struct nlattr *nla)
{
	char mac[VF_MAC_STRLEN];

	format_mac(nla_data(nla), mac);
	print_string(PRINT_ANY, "type", " %s", "set");
	print_string(PRINT_ANY, key, key[0] == 's' ? " src_mac %s" :
		     " dst_mac %s", mac);
}

/* One action; @last: it is the flow's last. Returns 0 or -1 (malformed). */
static int print_action(struct nlattr *nla, bool last)
{
	int type = nla_type(nla), ret = 0;

	open_json_object(NULL);
	switch (type) {
	case VXFP_ACT_A_OUTPUT:
		print_port_action(last ? "output" : "mirror", nla_get_u32(nla));
		break;
	case VXFP_ACT_A_DROP:
	case VXFP_ACT_A_TRAP:
	case VXFP_ACT_A_DECAP:
	case VXFP_ACT_A_DEC_TTL:
		print_string(PRINT_ANY, "type", " %s",
			     type == VXFP_ACT_A_DROP ? "drop" :
			     type == VXFP_ACT_A_TRAP ? "trap" :
			     type == VXFP_ACT_A_DECAP ? "decap" : "dec_ttl");
		break;
	case VXFP_ACT_A_VLAN_POP:
		print_string(PRINT_FP, NULL, "%s", " vlan pop");
		print_string(PRINT_JSON, "type", NULL, "vlan_pop");
		break;
	case VXFP_ACT_A_ENCAP:
		ret = print_encap(nla);
		break;
	case VXFP_ACT_A_VLAN_PUSH:
	case VXFP_ACT_A_VLAN_MODIFY:
		ret = print_vlan(nla, type == VXFP_ACT_A_VLAN_PUSH);
		break;
	case VXFP_ACT_A_SET_ETH_SRC:
		print_mac_action("src_mac", nla);
		break;
	case VXFP_ACT_A_SET_ETH_DST:
		print_mac_action("dst_mac", nla);
		break;
	case VXFP_ACT_A_SET_TTL:
		print_string(PRINT_ANY, "type", " %s", "set");
		print_uint(PRINT_ANY, "ttl", " ttl %llu", nla_get_u8(nla));
		break;
	case VXFP_ACT_A_SET_DSCP:
		print_string(PRINT_ANY, "type", " %s", "set");
		print_uint(PRINT_ANY, "dscp", " dscp %llu", nla_get_u8(nla));
		break;
	case VXFP_ACT_A_MANGLE:
		ret = print_mangle(nla);
		break;
	case VXFP_ACT_A_GOTO_CHAIN:
		print_string(PRINT_ANY, "type", " %s", "goto");
		print_uint(PRINT_ANY, "chain", " chain %llu", nla_get_u32(nla));
		break;
	default:
		print_string(PRINT_JSON, "type", NULL, "unknown");
		print_uint(PRINT_ANY, "attr", " unknown_action(%llu)", type);
		break;
	}
	close_json_object();
	return ret;
}

static int print_actions(struct nlattr *nest)
{
	struct nlattr *nla, *prev = NULL;
	int rem, ret = 0;

	print_text(" action");
	open_json_array("actions");
	if (nest) {
		/* One behind, to know which is the last. */
		nla_for_each_nested(nla, nest, rem) {
			if (prev && !ret)
				ret = print_action(prev, false);
			prev = nla;
		}
		if (prev && !ret)
			ret = print_action(prev, true);
	}
	close_json_array();
	return ret;
}

/* Milliseconds as seconds, "1.250s". */
static void format_ms(uint64_t ms, char *buf, size_t size)
{
	snprintf(buf, size, "%llu.%03llus", (unsigned long long)(ms / 1000),
		 (unsigned long long)(ms % 1000));
}

static int print_flow_stats(struct nlattr *nest)
{
	struct nlattr *tb[VXFP_FLOW_STATS_MAX + 1];
	char buf[32];

	if (nla_parse_nested(tb, VXFP_FLOW_STATS_MAX, nest, stats_policy) < 0)
		return -1;
	open_json_object("stats");
	print_uint(PRINT_ANY, "packets", "\n    packets %llu",
		   tb[VXFP_FLOW_STATS_PACKETS] ?
		   nla_get_u64(tb[VXFP_FLOW_STATS_PACKETS]) : 0);
	print_uint(PRINT_ANY, "bytes", " bytes %llu",
		   tb[VXFP_FLOW_STATS_BYTES] ?
		   nla_get_u64(tb[VXFP_FLOW_STATS_BYTES]) : 0);
	if (tb[VXFP_FLOW_STATS_USED]) {
		format_ms(nla_get_u64(tb[VXFP_FLOW_STATS_USED]), buf,
			  sizeof(buf));
		print_string(PRINT_FP, NULL, " used %s", buf);
		print_uint(PRINT_JSON, "used_ms", NULL,
			   nla_get_u64(tb[VXFP_FLOW_STATS_USED]));
	} else {
		print_null(PRINT_ANY, "used_ms", " used never");
	}
	if (tb[VXFP_FLOW_STATS_AGE]) {
		format_ms(nla_get_u64(tb[VXFP_FLOW_STATS_AGE]), buf,
			  sizeof(buf));
		print_string(PRINT_FP, NULL, " age %s", buf);
		print_uint(PRINT_JSON, "age_ms", NULL,
			   nla_get_u64(tb[VXFP_FLOW_STATS_AGE]));
	}
	close_json_object();
	return 0;
}

static void malformed(void)
{
	fprintf(stderr, "Error: malformed flow from the kernel.\n");
}

/*
 * "switch NAME", NAME quoted where make_args() would not read it back: a
 * name may have quotes in it, or start with '#' (a netdev name may). A
 * quote is put between quotes of the other kind, the rest between single
 * quotes: #a'b is '#a'"'"'b'.
 */
static void print_switch_word(const char *sw)
{
	char buf[4 * VXFP_NAME_LEN + 16], *p = buf;
	bool in = false;

	if (!strpbrk(sw, "\"'") && sw[0] != '#') {
		print_string(PRINT_FP, NULL, "switch %s", sw);
		return;
	}
	for (; *sw && p < buf + sizeof(buf) - 6; sw++) {
		if (*sw == '\'') {
			if (in)
				*p++ = '\'';
			in = false;
			p += sprintf(p, "\"'\"");
			continue;
		}
		if (!in)
			*p++ = '\'';
		in = true;
		*p++ = *sw;
	}
	if (in)
		*p++ = '\'';
	*p = '\0';
	print_string(PRINT_FP, NULL, "switch %s", buf);
}

/*
 * One flow of switch @sw, a VXFP_A_FLOW nest: one line (and its counters
 * on a second, indented, if @stats), or one JSON object. Returns 0, or an
 * exit code if the kernel sent something malformed (printed).
 */
int flow_print(const char *sw, struct nlattr *flow, bool stats)
{
	struct flow_attrs fa;
	unsigned int i;
	uint32_t chain = 0;
	int ret;

	if (flow_attrs_parse(flow, &fa)) {
		malformed();
		return NLCTL_EXIT_KERNEL;
	}
	if (fa.key[VXFP_KEY_A_CHAIN])
		chain = nla_get_u32(fa.key[VXFP_KEY_A_CHAIN]);
	open_json_object(NULL);
	print_string(PRINT_JSON, "switch", NULL, sw);
	print_switch_word(sw);
	print_uint(PRINT_JSON, "cookie", NULL,
		   nla_get_u64(fa.tb[VXFP_FLOW_A_COOKIE]));
	print_uint(PRINT_FP, NULL, " cookie 0x%llx",
		   nla_get_u64(fa.tb[VXFP_FLOW_A_COOKIE]));
	print_uint(PRINT_ANY, "prio", " prio %llu",
		   fa.tb[VXFP_FLOW_A_PRIORITY] ?
		   nla_get_u32(fa.tb[VXFP_FLOW_A_PRIORITY]) : 0);
	print_uint(chain ? PRINT_ANY : PRINT_JSON, "chain", " chain %llu",
		   chain);
	open_json_object("match");
	for (i = 0; i < flow_nkeys; i++)
		if (!(flow_keys[i].flags & KF_HEAD))
			print_field(&flow_keys[i], &fa);
	if (fa.unknown)
		print_uint(PRINT_ANY, "unknown", " unknown_fields(%llu)",
			   fa.unknown);
	close_json_object();
	ret = print_actions(fa.tb[VXFP_FLOW_A_ACTIONS]);
	if (!ret && stats && fa.tb[VXFP_FLOW_A_STATS])
		ret = print_flow_stats(fa.tb[VXFP_FLOW_A_STATS]);
	print_text("\n");
	close_json_object();
	if (ret) {
		malformed();
		return NLCTL_EXIT_KERNEL;
	}
	return 0;
}

static uint64_t get_u64(struct nlattr *nla)
{
	return nla ? nla_get_u64(nla) : 0;
}

/*
 * The counters of a switch's fast path, a VXFP_A_SWITCH_STATS nest: two
 * indented lines (each starting with a newline) in text, a "fastpath"
 * object in JSON.
 */
void print_fp_stats(struct nlattr *nest)
{
	struct nlattr *tb[VXFP_SW_STATS_MAX + 1], *nla;
	uint64_t drops[VXFP_FP_DROP_MAX + 1] = { 0 };
	char fmt[32];
	unsigned int i;
	int rem;

	if (nla_parse_nested(tb, VXFP_SW_STATS_MAX, nest, sw_stats_policy) < 0) {
		fprintf(stderr, "Warning: malformed fast-path counters from the kernel.\n");
		return;
	}
	if (tb[VXFP_SW_STATS_DROPS]) {
		/* Attribute type: reason + 1; reasons newer than us skipped. */
		nla_for_each_nested(nla, tb[VXFP_SW_STATS_DROPS], rem) {
			int type = nla_type(nla);

			if (type >= 1 && type <= VXFP_FP_DROP_MAX + 1 &&
			    nla_len(nla) >= (int)sizeof(uint64_t))
				drops[type - 1] = nla_get_u64(nla);
		}
	}
	open_json_object("fastpath");
	print_uint(PRINT_ANY, "flows", "\n    fastpath: flows %llu",
		   tb[VXFP_SW_STATS_FLOWS] ?
		   nla_get_u32(tb[VXFP_SW_STATS_FLOWS]) : 0);
	print_uint(PRINT_ANY, "masks", " masks %llu",
		   tb[VXFP_SW_STATS_MASKS] ?
		   nla_get_u32(tb[VXFP_SW_STATS_MASKS]) : 0);
	print_uint(PRINT_ANY, "hits", " hits %llu",
		   get_u64(tb[VXFP_SW_STATS_HITS]));
	print_uint(PRINT_ANY, "misses", " misses %llu",
		   get_u64(tb[VXFP_SW_STATS_MISSES]));
	print_uint(PRINT_ANY, "encap", " encap %llu",
		   get_u64(tb[VXFP_SW_STATS_ENCAP]));
	print_uint(PRINT_ANY, "decap", " decap %llu",
		   get_u64(tb[VXFP_SW_STATS_DECAP]));
	print_uint(PRINT_ANY, "slow_path", " slow_path %llu",
		   get_u64(tb[VXFP_SW_STATS_SLOW_PATH]));
	print_text("\n    fastpath drops:");
	open_json_object("drops");
	for (i = 0; i <= VXFP_FP_DROP_MAX; i++) {
		snprintf(fmt, sizeof(fmt), " %s %%llu", fp_drop_names[i]);
		print_uint(PRINT_ANY, fp_drop_names[i], fmt, drops[i]);
	}
	close_json_object();
	close_json_object();
}

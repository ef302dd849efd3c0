// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: the words of a flow, in tc flower's grammar, into a struct
 * flow_spec, and that into a VXFP_A_FLOW nest.
 *
 * A key field given without a mask is sent in VXFP_FLOW_A_KEY only (the
 * kernel matches it exactly); with a mask also in VXFP_FLOW_A_MASK, the
 * value masked as tc does. A full mask is the same as none, and is not
 * sent; a zero mask does not match the field at all, and it is not sent
 * either. What the fields imply is added here: eth_type from the
 * addresses, in_port uplink and enc_dst_port 4789 from the tunnel fields,
 * chain 0. Keywords are spelt out (no abbreviations, many share a prefix).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "flow.h"
#include "nlctl.h"
#include "vf.h"

#define ETH_P_IPV4	0x0800
#define ETH_P_ARPTYPE	0x0806
#define ETH_P_IPV6	0x86dd

#define PROTO_ICMP	1
#define PROTO_TCP	6
#define PROTO_UDP	17
#define PROTO_ICMPV6	58
#define PROTO_SCTP	132

/* In print order; "chain" first, printed before the match. */
const struct key_desc flow_keys[] = {
	{ "chain", VXFP_KEY_A_CHAIN, 0, KT_NUM, 4, UINT32_MAX,
	  KF_NOMASK | KF_HEAD },
	{ "in_port", VXFP_KEY_A_IN_PORT, 0, KT_PORT, 4, UINT32_MAX, KF_NOMASK },
	{ "dst_mac", VXFP_KEY_A_ETH_DST, 0, KT_MAC, 6, 0, 0 },
	{ "src_mac", VXFP_KEY_A_ETH_SRC, 0, KT_MAC, 6, 0, 0 },
	{ "eth_type", VXFP_KEY_A_ETH_TYPE, 0, KT_ETHTYPE, 2, 0xffff, KF_HEX },
	{ "vlan_id", VXFP_KEY_A_VLAN_ID, 0, KT_NUM, 2, 0xfff, 0 },
	{ "vlan_prio", VXFP_KEY_A_VLAN_PRIO, 0, KT_NUM, 1, 7, 0 },
	{ "vlan_tpid", VXFP_KEY_A_VLAN_TPID, 0, KT_TPID, 2, 0xffff, KF_HEX },
	{ "cvlan_id", VXFP_KEY_A_CVLAN_ID, 0, KT_NUM, 2, 0xfff, 0 },
	{ "cvlan_prio", VXFP_KEY_A_CVLAN_PRIO, 0, KT_NUM, 1, 7, 0 },
	{ "src_ip", VXFP_KEY_A_IPV4_SRC, VXFP_KEY_A_IPV6_SRC, KT_IP, 4, 0, 0 },
	{ "dst_ip", VXFP_KEY_A_IPV4_DST, VXFP_KEY_A_IPV6_DST, KT_IP, 4, 0, 0 },
	{ "ip_proto", VXFP_KEY_A_IP_PROTO, 0, KT_PROTO, 1, 0xff, KF_L3 },
	{ "ip_tos", VXFP_KEY_A_IP_TOS, 0, KT_NUM, 1, 0xff, KF_HEX | KF_L3 },
	{ "ip_ttl", VXFP_KEY_A_IP_TTL, 0, KT_NUM, 1, 0xff, KF_L3 },
	{ "ip_flags", VXFP_KEY_A_IP_FRAG, 0, KT_FRAG, 1, 3, KF_L3 },
	{ "src_port", VXFP_KEY_A_TP_SRC, 0, KT_NUM, 2, 0xffff, KF_PORTS },
	{ "dst_port", VXFP_KEY_A_TP_DST, 0, KT_NUM, 2, 0xffff, KF_PORTS },
	{ "tcp_flags", VXFP_KEY_A_TCP_FLAGS, 0, KT_NUM, 2, 0xfff,
	  KF_HEX | KF_TCP },
	{ "type", VXFP_KEY_A_ICMP_TYPE, 0, KT_NUM, 1, 0xff, KF_ICMP },
	{ "code", VXFP_KEY_A_ICMP_CODE, 0, KT_NUM, 1, 0xff, KF_ICMP },
	{ "arp_op", VXFP_KEY_A_ARP_OP, 0, KT_ARPOP, 2, 0xffff, KF_ARP },
	{ "arp_sip", VXFP_KEY_A_ARP_SIP, 0, KT_IP4, 4, 0, KF_ARP },
	{ "arp_tip", VXFP_KEY_A_ARP_TIP, 0, KT_IP4, 4, 0, KF_ARP },
	{ "arp_sha", VXFP_KEY_A_ARP_SHA, 0, KT_MAC, 6, 0, KF_ARP },
	{ "arp_tha", VXFP_KEY_A_ARP_THA, 0, KT_MAC, 6, 0, KF_ARP },
	{ "enc_key_id", VXFP_KEY_A_TUN_ID, 0, KT_NUM, 4, 0xffffff, KF_TUN },
	{ "enc_src_ip", VXFP_KEY_A_TUN_IPV4_SRC, VXFP_KEY_A_TUN_IPV6_SRC,
	  KT_IP, 4, 0, KF_TUN },
	{ "enc_dst_ip", VXFP_KEY_A_TUN_IPV4_DST, VXFP_KEY_A_TUN_IPV6_DST,
	  KT_IP, 4, 0, KF_TUN },
	{ "enc_dst_port", VXFP_KEY_A_TUN_DST_PORT, 0, KT_NUM, 2, 0xffff,
	  KF_TUN | KF_NOMASK },
	{ "enc_tos", VXFP_KEY_A_TUN_TOS, 0, KT_NUM, 1, 0xff, KF_HEX | KF_TUN },
	{ "enc_ttl", VXFP_KEY_A_TUN_TTL, 0, KT_NUM, 1, 0xff, KF_TUN },
};

const unsigned int flow_nkeys = sizeof(flow_keys) / sizeof(flow_keys[0]);

/* The attributes' names, as the kernel's extended ACKs are reported. */
static const char *const key_names[VXFP_KEY_A_MAX + 1] = {
	[VXFP_KEY_A_IN_PORT]		= "in_port",
	[VXFP_KEY_A_CHAIN]		= "chain",
	[VXFP_KEY_A_ETH_DST]		= "dst_mac",
	[VXFP_KEY_A_ETH_SRC]		= "src_mac",
	[VXFP_KEY_A_ETH_TYPE]		= "eth_type",
	[VXFP_KEY_A_VLAN_ID]		= "vlan_id",
	[VXFP_KEY_A_VLAN_PRIO]		= "vlan_prio",
	[VXFP_KEY_A_VLAN_TPID]		= "vlan_tpid",
	[VXFP_KEY_A_CVLAN_ID]		= "cvlan_id",
	[VXFP_KEY_A_CVLAN_PRIO]		= "cvlan_prio",
	[VXFP_KEY_A_IP_PROTO]		= "ip_proto",
	[VXFP_KEY_A_IP_TOS]		= "ip_tos",
	[VXFP_KEY_A_IP_TTL]		= "ip_ttl",
	[VXFP_KEY_A_IP_FRAG]		= "ip_flags",
	[VXFP_KEY_A_IPV4_SRC]		= "src_ip",
	[VXFP_KEY_A_IPV4_DST]		= "dst_ip",
	[VXFP_KEY_A_IPV6_SRC]		= "src_ip",
	[VXFP_KEY_A_IPV6_DST]		= "dst_ip",
	[VXFP_KEY_A_TP_SRC]		= "src_port",
	[VXFP_KEY_A_TP_DST]		= "dst_port",
	[VXFP_KEY_A_TCP_FLAGS]		= "tcp_flags",
	[VXFP_KEY_A_ICMP_TYPE]		= "type",
	[VXFP_KEY_A_ICMP_CODE]		= "code",
	[VXFP_KEY_A_ARP_OP]		= "arp_op",
	[VXFP_KEY_A_ARP_SIP]		= "arp_sip",
	[VXFP_KEY_A_ARP_TIP]		= "arp_tip",
	[VXFP_KEY_A_ARP_SHA]		= "arp_sha",
	[VXFP_KEY_A_ARP_THA]		= "arp_tha",
	[VXFP_KEY_A_TUN_ID]		= "enc_key_id",
	[VXFP_KEY_A_TUN_IPV4_SRC]	= "enc_src_ip",
	[VXFP_KEY_A_TUN_IPV4_DST]	= "enc_dst_ip",
	[VXFP_KEY_A_TUN_IPV6_SRC]	= "enc_src_ip",
	[VXFP_KEY_A_TUN_IPV6_DST]	= "enc_dst_ip",
	[VXFP_KEY_A_TUN_DST_PORT]	= "enc_dst_port",
	[VXFP_KEY_A_TUN_TOS]		= "enc_tos",
	[VXFP_KEY_A_TUN_TTL]		= "enc_ttl",
};

static const char *const action_names[VXFP_ACT_A_MAX + 1] = {
	[VXFP_ACT_A_OUTPUT]		= "output",
	[VXFP_ACT_A_DROP]		= "drop",
	[VXFP_ACT_A_TRAP]		= "trap",
	[VXFP_ACT_A_ENCAP]		= "encap",
	[VXFP_ACT_A_DECAP]		= "decap",
	[VXFP_ACT_A_VLAN_PUSH]		= "vlan_push",
	[VXFP_ACT_A_VLAN_POP]		= "vlan_pop",
	[VXFP_ACT_A_VLAN_MODIFY]	= "vlan_modify",
	[VXFP_ACT_A_SET_ETH_SRC]	= "set_src_mac",
	[VXFP_ACT_A_SET_ETH_DST]	= "set_dst_mac",
	[VXFP_ACT_A_DEC_TTL]		= "dec_ttl",
	[VXFP_ACT_A_SET_TTL]		= "set_ttl",
	[VXFP_ACT_A_SET_DSCP]		= "set_dscp",
	[VXFP_ACT_A_MANGLE]		= "pedit",
	[VXFP_ACT_A_GOTO_CHAIN]		= "goto_chain",
};

static const char *const encap_names[VXFP_ENCAP_A_MAX + 1] = {
	[VXFP_ENCAP_A_ID]		= "id",
	[VXFP_ENCAP_A_IPV4_SRC]		= "src_ip",
	[VXFP_ENCAP_A_IPV4_DST]		= "dst_ip",
	[VXFP_ENCAP_A_IPV6_SRC]		= "src_ip",
	[VXFP_ENCAP_A_IPV6_DST]		= "dst_ip",
	[VXFP_ENCAP_A_DST_PORT]		= "dst_port",
	[VXFP_ENCAP_A_TOS]		= "tos",
	[VXFP_ENCAP_A_TTL]		= "ttl",
	[VXFP_ENCAP_A_CSUM]		= "csum",
};

static const char *const vlan_names[VXFP_VLAN_A_MAX + 1] = {
	[VXFP_VLAN_A_ID]		= "id",
	[VXFP_VLAN_A_PRIO]		= "prio",
	[VXFP_VLAN_A_TPID]		= "protocol",
};

static const char *const mangle_names[VXFP_MANGLE_A_MAX + 1] = {
	[VXFP_MANGLE_A_HDR]		= "htype",
	[VXFP_MANGLE_A_OFFSET]		= "offset",
	[VXFP_MANGLE_A_MASK]		= "mask",
	[VXFP_MANGLE_A_VALUE]		= "value",
};

static const char *const flow_names[VXFP_FLOW_A_MAX + 1] = {
	[VXFP_FLOW_A_COOKIE]		= "cookie",
	[VXFP_FLOW_A_PRIORITY]		= "prio",
	[VXFP_FLOW_A_KEY]		= "key",
	[VXFP_FLOW_A_MASK]		= "mask",
	[VXFP_FLOW_A_ACTIONS]		= "actions",
	[VXFP_FLOW_A_STATS]		= "stats",
};

static const struct attr_space key_space = {
	.names = key_names, .max = VXFP_KEY_A_MAX,
};

static const struct attr_space encap_space = {
	.names = encap_names, .max = VXFP_ENCAP_A_MAX,
};

static const struct attr_space vlan_space = {
	.names = vlan_names, .max = VXFP_VLAN_A_MAX,
};

static const struct attr_space mangle_space = {
	.names = mangle_names, .max = VXFP_MANGLE_A_MAX,
};

static const struct attr_space *const action_nests[VXFP_ACT_A_MAX + 1] = {
	[VXFP_ACT_A_ENCAP]		= &encap_space,
	[VXFP_ACT_A_VLAN_PUSH]		= &vlan_space,
	[VXFP_ACT_A_VLAN_MODIFY]	= &vlan_space,
	[VXFP_ACT_A_MANGLE]		= &mangle_space,
};

static const struct attr_space action_space = {
	.names = action_names, .max = VXFP_ACT_A_MAX, .nested = action_nests,
};

static const struct attr_space *const flow_nests[VXFP_FLOW_A_MAX + 1] = {
	[VXFP_FLOW_A_KEY]		= &key_space,
	[VXFP_FLOW_A_MASK]		= &key_space,
	[VXFP_FLOW_A_ACTIONS]		= &action_space,
};

/* A VXFP_A_FLOW nest: "flow.key.dst_ip", "flow.actions.encap.id". */
const struct attr_space flow_attr_space = {
	.names = flow_names, .max = VXFP_FLOW_A_MAX, .nested = flow_nests,
};

void flow_usage(FILE *out)
{
	fprintf(out,
		"Usage: %1$s flow { add | replace } switch NAME [ cookie COOKIE ] [ prio PRIO ]\n"
		"                  [ chain CHAIN ] [ in_port PORT ] [ MATCH... ]\n"
		"                  action ACTION [ [ action ] ACTION... ]\n"
		"       %1$s flow del switch NAME cookie COOKIE\n"
		"       %1$s flow get switch NAME cookie COOKIE\n"
		"       %1$s flow show [ switch NAME ]\n"
		"       %1$s flow flush switch NAME\n"
		"       %1$s flow help\n"
		"where  PORT := { vfN | vf N | repN | rep N | uplink | pf |\n"
		"                 dev IFNAME | ifindex IFINDEX }   (N := 0..%2$d)\n"
		"               (in_port: a VF or the uplink; dev, ifindex: a netdev\n"
		"               of the switch's namespace, as received by it)\n"
		"       MATCH := { dst_mac | src_mac | arp_sha | arp_tha } MAC[/MASK] |\n"
		"                eth_type { ipv4 | ipv6 | arp | 802.1Q | 802.1ad | NUM } |\n"
		"                { vlan_id | cvlan_id } ID | { vlan_prio | cvlan_prio } PRIO |\n"
		"                vlan_tpid { 802.1Q | 802.1ad | none | NUM } |\n"
		"                ip_proto { tcp | udp | sctp | icmp | icmpv6 | NUM } |\n"
		"                { ip_tos | ip_ttl | tcp_flags } VAL[/MASK] | ip_flags FLAGS |\n"
		"                { src_ip | dst_ip | arp_sip | arp_tip } ADDR[/PREFIX] |\n"
		"                { src_port | dst_port } NUM[/MASK] | { type | code } NUM |\n"
		"                arp_op { request | reply | NUM } | enc_key_id VNI |\n"
		"                { enc_src_ip | enc_dst_ip } ADDR[/PREFIX] | enc_dst_port NUM |\n"
		"                { enc_tos | enc_ttl } VAL[/MASK]\n"
		"       FLAGS := FLAG[/FLAG]   FLAG := { frag | nofrag | firstfrag | nofirstfrag }\n"
		"       ACTION := { output | redirect | mirror } PORT | drop | trap | decap |\n"
		"                 encap id VNI dst_ip ADDR [ src_ip ADDR ] [ dst_port NUM ]\n"
		"                       [ tos TOS ] [ ttl TTL ] [ csum | nocsum ] |\n"
		"                 vlan push id ID [ prio PRIO ] [ protocol { 802.1Q | 802.1ad } ] |\n"
		"                 vlan pop | vlan modify [ id ID ] [ prio PRIO ] |\n"
		"                 set { src_mac | dst_mac } MAC | set ttl TTL | set dscp DSCP |\n"
		"                 dec_ttl | goto chain CHAIN |\n"
		"                 pedit { eth | ip4 | ip6 | tcp | udp } offset OFF mask MASK value VAL\n"
		"       COOKIE := 64-bit number, default: a hash of the match and PRIO\n"
		"       Any MATCH value but in_port, chain and enc_dst_port takes a /MASK.\n",
		NLCTL_NAME, VXFP_MAX_VFS - 1);
}

enum flow_word flow_word(const char *arg)
{
	if (matches(arg, "add"))
		return FW_ADD;
	if (matches(arg, "replace"))
		return FW_REPLACE;
	if (matches(arg, "delete"))
		return FW_DEL;
	if (matches(arg, "get"))
		return FW_GET;
	if (matches_show(arg))
		return FW_SHOW;
	if (matches(arg, "flush"))
		return FW_FLUSH;
	if (matches(arg, "help"))
		return FW_HELP;
	return FW_UNKNOWN;
}

static int flow_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "Error: <what>." for what no single word is to blame for. */
static int flow_err(const char *fmt, ...)
{
	va_list ap;

	fputs("Error: ", nlctl_err());
	va_start(ap, fmt);
	vfprintf(nlctl_err(), fmt, ap);
	va_end(ap);
	fputs(".\n", nlctl_err());
	return NLCTL_EXIT_USAGE;
}

static int invargf(const char *arg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* invarg() with a formatted message. */
static int invargf(const char *arg, const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return invarg(msg, arg);
}

/* "must be a number from 0 to MAX", in hex for KF_HEX fields. */
static int range_err(const char *what, const char *key, uint64_t max,
		     bool hex, const char *arg)
{
	if (hex)
		return invargf(arg, "%s\"%s\" must be a number from 0 to 0x%llx",
			       what, key, (unsigned long long)max);
	return invargf(arg, "%s\"%s\" must be a number from 0 to %llu", what,
		       key, (unsigned long long)max);
}

static const struct {
	const char *name;
	uint16_t type;
} eth_types[] = {
	{ "ipv4", ETH_P_IPV4 },
	{ "ipv6", ETH_P_IPV6 },
	{ "arp", ETH_P_ARPTYPE },
	{ "802.1Q", VF_ETH_P_8021Q },
	{ "802.1ad", VF_ETH_P_8021AD },
};

const char *eth_type_name(uint16_t type)
{
	size_t i;

	for (i = 0; i < sizeof(eth_types) / sizeof(eth_types[0]); i++)
		if (eth_types[i].type == type)
			return eth_types[i].name;
	return NULL;
}

static const struct {
	const char *name;
	uint8_t proto;
} ip_protos[] = {
	{ "tcp", PROTO_TCP },
	{ "udp", PROTO_UDP },
	{ "sctp", PROTO_SCTP },
	{ "icmp", PROTO_ICMP },
	{ "icmpv6", PROTO_ICMPV6 },
};

const char *ip_proto_name(uint8_t proto)
{
	size_t i;

	for (i = 0; i < sizeof(ip_protos) / sizeof(ip_protos[0]); i++)
		if (ip_protos[i].proto == proto)
			return ip_protos[i].name;
	return NULL;
}

static int port_err(const char *arg, const char *key, bool in)
{
	if (in)
		return invargf(arg, "\"%s\" must be vfN (N from 0 to %d) or uplink",
			       key, VXFP_MAX_VFS - 1);
	return invargf(arg, "\"%s\" must be vfN, repN (N from 0 to %d), uplink, pf, dev IFNAME or ifindex N",
		       key, VXFP_MAX_VFS - 1);
}

/*
 * A port id, "vfN", "vf N", "repN", "rep N", "uplink", "pf", "dev NAME" or
 * "ifindex N" (only a VF or the uplink if @in: what packets come from), at
 * **@argvp; the two-word forms advance *@argvp and *@argcp. Errors name keyword @key.
 * Returns 0 or an exit code.
 */
int parse_flow_port(int *argcp, char ***argvp, const char *key, bool in,
		    uint32_t *port)
{
	const char *arg = **argvp, *num;
	bool rep = false;
	uint32_t n = 0;

	if (!strcmp(arg, "uplink")) {
		*port = VXFP_PORT_ID_UPLINK;
		return 0;
	}
	if (!strcmp(arg, "pf") && !in) {
		*port = VXFP_PORT_ID_PF;
		return 0;
	}
	if ((!strcmp(arg, "dev") || !strcmp(arg, "ifindex")) && !in) {
		bool dev = arg[0] == 'd';

		if (*argcp < 2)
			return incomplete("flow");
		(*argcp)--;
		(*argvp)++;
		arg = **argvp;
		if (dev)
			n = if_nametoindex(arg);
		else if (parse_u32(arg, 1, VXFP_PORT_ID_IFINDEX(VXFP_PORT_ID_PF) - 1, &n))
			n = 0;
		if (!n)
			return invargf(arg, dev ? "\"%s dev\": no such netdev here" :
				       "\"%s ifindex\" must be from 1 to 2147483645", key);
		*port = VXFP_PORT_ID_HOST(n);
		return 0;
	}
	if (!strncmp(arg, "vf", 2)) {
		num = arg + 2;
	} else if (!strncmp(arg, "rep", 3) && !in) {
		num = arg + 3;
		rep = true;
	} else {
		return port_err(arg, key, in);
	}
	if (!*num) {
		if (*argcp < 2)
			return incomplete("flow");
		(*argcp)--;
		(*argvp)++;
		num = arg = **argvp;
	}
	if (parse_u32(num, 0, VXFP_MAX_VFS - 1, &n))
		return port_err(arg, key, in);
	*port = rep ? VXFP_PORT_ID_REP(n) : VXFP_PORT_ID_VF(n);
	return 0;
}

static void put_num(struct flow_field *f, unsigned int len, uint32_t val,
		    uint32_t mask)
{
	uint16_t v16 = (uint16_t)val, m16 = (uint16_t)mask;
	uint8_t v8 = (uint8_t)val, m8 = (uint8_t)mask;

	f->len = (uint8_t)len;
	switch (len) {
	case 1:
		f->val[0] = v8;
		f->mask[0] = m8;
		break;
	case 2:
		memcpy(f->val, &v16, 2);
		memcpy(f->mask, &m16, 2);
		break;
	default:
		memcpy(f->val, &val, 4);
		memcpy(f->mask, &mask, 4);
		break;
	}
}

/* Prefix length @plen into a mask of @bytes bytes. */
static void prefix_mask(uint8_t *mask, unsigned int bytes, unsigned int plen)
{
	unsigned int i;

	for (i = 0; i < bytes; i++, plen = plen > 8 ? plen - 8 : 0)
		mask[i] = plen >= 8 ? 0xff : (uint8_t)(0xff << (8 - plen));
}

/* The value of a field of type @d->type, without its mask. */
static int parse_value(const struct key_desc *d, const char *s, uint32_t *val)
{
	uint16_t tpid;
	uint64_t v;
	size_t i;

	switch (d->type) {
	case KT_ETHTYPE:
		for (i = 0; i < sizeof(eth_types) / sizeof(eth_types[0]); i++) {
			if (!strcasecmp(s, eth_types[i].name)) {
				*val = eth_types[i].type;
				return 0;
			}
		}
		break;
	case KT_TPID:
		if (!strcmp(s, "none")) {
			*val = 0;
			return 0;
		}
		if (!parse_vlan_proto(s, &tpid)) {
			*val = tpid;
			return 0;
		}
		break;
	case KT_PROTO:
		for (i = 0; i < sizeof(ip_protos) / sizeof(ip_protos[0]); i++) {
			if (!strcmp(s, ip_protos[i].name)) {
				*val = ip_protos[i].proto;
				return 0;
			}
		}
		break;
	case KT_ARPOP:
		if (!strcmp(s, "request")) {
			*val = 1;
			return 0;
		}
		if (!strcmp(s, "reply")) {
			*val = 2;
			return 0;
		}
		break;
	}
	if (parse_number(s, d->max, &v))
		return -1;
	*val = (uint32_t)v;
	return 0;
}

static const char *value_syntax(const struct key_desc *d)
{
	switch (d->type) {
	case KT_ETHTYPE:
		return "ipv4, ipv6, arp, 802.1Q, 802.1ad or a number from 0 to 0xffff";
	case KT_TPID:
		return "802.1Q, 802.1ad, none or a number from 0 to 0xffff";
	case KT_PROTO:
		return "tcp, udp, sctp, icmp, icmpv6 or a number from 0 to 255";
	case KT_ARPOP:
		return "request, reply or a number from 0 to 65535";
	}
	return NULL;
}

/* ip_flags: tc's words joined by '/', or a raw VAL/MASK of VXFP_FRAG_*. */
static int parse_frag(const char *arg, uint32_t *val, uint32_t *mask)
{
	int is = -1, first = -1, *which, want;
	char buf[64], *tok, *save = NULL;
	uint64_t v, m = 0;
	const char *slash;

	if (arg[0] >= '0' && arg[0] <= '9') {
		slash = strchr(arg, '/');
		snprintf(buf, sizeof(buf), "%.*s",
			 slash ? (int)(slash - arg) : (int)strlen(arg), arg);
		if (parse_number(buf, 3, &v) ||
		    (slash && parse_number(slash + 1, 3, &m)))
			return invarg("\"ip_flags\" must be frag, nofrag, firstfrag or nofirstfrag, or two of them joined by \"/\"",
				      arg);
		*val = (uint32_t)v;
		*mask = slash ? (uint32_t)m : 3;
		return 0;
	}
	if (strlen(arg) >= sizeof(buf))
		return invarg("\"ip_flags\" is too long", arg);
	strcpy(buf, arg);
	for (tok = strtok_r(buf, "/", &save); tok;
	     tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "frag") || !strcmp(tok, "nofrag")) {
			which = &is;
			want = tok[0] == 'f';
		} else if (!strcmp(tok, "firstfrag") ||
			   !strcmp(tok, "nofirstfrag")) {
			which = &first;
			want = tok[0] == 'f';
		} else {
			return invargf(arg, "\"ip_flags\": \"%s\" is not frag, nofrag, firstfrag or nofirstfrag",
				       tok);
		}
		if (*which >= 0)
			return invargf(arg, "\"ip_flags\": \"%s\" repeats or contradicts what precedes it",
				       tok);
		*which = want;
	}
	if (is < 0 && first < 0)
		return invarg("\"ip_flags\" must be frag, nofrag, firstfrag or nofirstfrag, or two of them joined by \"/\"",
			      arg);
	if (first == 1 && is == 0)
		return invarg("\"ip_flags\": a first fragment is a fragment (nofrag/firstfrag)",
			      arg);
	if (first == 0 && is < 0)
		return invarg("\"ip_flags\": nofirstfrag alone (a later fragment or none) cannot be matched, use frag/nofirstfrag or nofrag",
			      arg);
	if (first == 1) {		/* a fragment, the first */
		*val = VXFP_FRAG_IS;
		*mask = VXFP_FRAG_IS | VXFP_FRAG_LATER;
	} else if (first == 0 && is == 1) {	/* a fragment, not the first */
		*val = VXFP_FRAG_IS | VXFP_FRAG_LATER;
		*mask = VXFP_FRAG_IS | VXFP_FRAG_LATER;
	} else {			/* frag, nofrag (nofrag/nofirstfrag) */
		*val = is ? VXFP_FRAG_IS : 0;
		*mask = VXFP_FRAG_IS;
	}
	return 0;
}

/* The mask of an address of family @af: a prefix length, or an address. */
static int parse_addr_mask(const char *mask, int af, uint8_t *out)
{
	unsigned int bits = af == AF_INET ? 32 : 128;
	uint32_t plen;

	if (!parse_u32(mask, 0, bits, &plen)) {
		prefix_mask(out, bits / 8, plen);
		return 0;
	}
	return inet_pton(af, mask, out) == 1 ? 0 : -1;
}

/* Parsing state of one flow: who implied what, for the messages. */
struct parse_ctx {
	const char *l3_word;	/* first field that implies an ethertype */
	uint16_t l3_type;
	const char *enc_word;	/* first tunnel address, for its family */
	bool enc_ip6;
};

static const char *type_word(uint16_t type)
{
	return type == ETH_P_IPV4 ? "ipv4" : type == ETH_P_IPV6 ? "ipv6" : "arp";
}

/* Record that @word implies ethertype @type; refuse a second, different one. */
static int imply_l3(struct parse_ctx *c, const char *word, uint16_t type,
		    const char *arg)
{
	if (c->l3_word && c->l3_type != type)
		return invargf(arg, "\"%s\" needs eth_type %s, but \"%s\" eth_type %s",
			       word, type_word(type), c->l3_word,
			       type_word(c->l3_type));
	if (!c->l3_word) {
		c->l3_word = word;
		c->l3_type = type;
	}
	return 0;
}

static bool all_zero(const uint8_t *p, unsigned int len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

static bool all_ones(const uint8_t *p, unsigned int len)
{
	while (len--)
		if (*p++ != 0xff)
			return false;
	return true;
}

/*
 * Store the value and mask of an address-like field (@len bytes): the
 * value masked, a full mask dropped.
 */
static void store_bytes(struct flow_field *fld, unsigned int len,
			const uint8_t *val, const uint8_t *mask)
{
	unsigned int i;

	fld->set = true;
	fld->len = (uint8_t)len;
	for (i = 0; i < len; i++) {
		fld->val[i] = mask ? val[i] & mask[i] : val[i];
		fld->mask[i] = mask ? mask[i] : 0xff;
	}
	fld->masked = mask && !all_ones(fld->mask, len);
}

static int parse_mac_key(struct flow_field *fld, const struct key_desc *d,
			 const char *arg, char *val, const char *mask)
{
	uint8_t mac[6], m[6];
	uint32_t plen;

	if (parse_mac(val, mac))
		return invargf(arg, "\"%s\" must be a MAC address, as 02:00:00:00:00:01",
			       d->name);
	if (mask) {
		if (!parse_u32(mask, 0, 48, &plen))
			prefix_mask(m, 6, plen);
		else if (parse_mac(mask, m))
			return invargf(arg, "the mask of \"%s\" must be a MAC address or a prefix length from 0 to 48",
				       d->name);
	}
	store_bytes(fld, 6, mac, mask ? m : NULL);
	return 0;
}

static int parse_ip_key(struct flow_spec *f, struct parse_ctx *c,
			const struct key_desc *d, const char *arg, char *val,
			const char *mask)
{
	uint8_t addr[16], m[16];
	bool ip6 = strchr(val, ':') != NULL;
	int af = ip6 ? AF_INET6 : AF_INET, ret;
	unsigned int len = ip6 ? 16 : 4;

	if (d->type == KT_IP4 && ip6)
		return invargf(arg, "\"%s\" must be an IPv4 address", d->name);
	if (inet_pton(af, val, addr) != 1)
		return invargf(arg, d->type == KT_IP4 ?
			       "\"%s\" must be an IPv4 address" :
			       "\"%s\" must be an IPv4 or IPv6 address",
			       d->name);
	if (mask && parse_addr_mask(mask, af, m))
		return invargf(arg, "the mask of \"%s\" must be a prefix length from 0 to %u or an %s address",
			       d->name, ip6 ? 128 : 32, ip6 ? "IPv6" : "IPv4");
	if (d->flags & KF_TUN) {
		if (c->enc_word && c->enc_ip6 != ip6)
			return invargf(arg, "\"%s\" and \"%s\" must be of one family",
				       d->name, c->enc_word);
		c->enc_word = d->name;
		c->enc_ip6 = ip6;
	} else {
		ret = imply_l3(c, d->name, d->flags & KF_ARP ? ETH_P_ARPTYPE :
			       ip6 ? ETH_P_IPV6 : ETH_P_IPV4, arg);
		if (ret)
			return ret;
	}
	store_bytes(&f->key[ip6 ? d->attr6 : d->attr], len, addr,
		    mask ? m : NULL);
	return 0;
}

/* A number-like field: VAL[/MASK], named values allowed. */
static int parse_num_key(struct flow_field *fld, const struct key_desc *d,
			 const char *arg, char *val, const char *mask)
{
	const char *syntax = value_syntax(d);
	uint32_t v, m = d->max;
	uint64_t m64;

	if (parse_value(d, val, &v)) {
		if (syntax)
			return invargf(arg, "\"%s\" must be %s", d->name, syntax);
		return range_err("", d->name, d->max, d->flags & KF_HEX, arg);
	}
	if (mask) {
		if (parse_number(mask, d->max, &m64))
			return range_err("the mask of ", d->name, d->max, true,
					 arg);
		m = (uint32_t)m64;
	}
	fld->set = true;
	fld->masked = m != d->max;
	put_num(fld, d->len, v & m, m);
	return 0;
}

/* The value of key field @d at **@argvp (which in_port may advance). */
static int parse_key(struct flow_spec *f, struct parse_ctx *c,
		     const struct key_desc *d, int *argcp, char ***argvp)
{
	struct flow_field *fld = &f->key[d->attr];
	char *arg = **argvp, buf[64], *slash;
	uint32_t v, m = 0;
	int ret;

	if (fld->set || (d->attr6 && f->key[d->attr6].set))
		return duparg(d->name, arg);
	if (d->type == KT_PORT) {
		ret = parse_flow_port(argcp, argvp, d->name, true, &v);
		if (!ret) {
			fld->set = true;
			put_num(fld, 4, v, UINT32_MAX);
		}
		return ret;
	}
	if (d->type == KT_FRAG) {
		ret = parse_frag(arg, &v, &m);
		if (!ret) {
			fld->set = true;
			fld->masked = m != d->max;
			put_num(fld, 1, v & m, m);
		}
		return ret;
	}
	if (strlen(arg) >= sizeof(buf))
		return invargf(arg, "\"%s\" is too long", d->name);
	strcpy(buf, arg);
	slash = strchr(buf, '/');
	if (slash) {
		if (d->flags & KF_NOMASK)
			return invargf(arg, "\"%s\" takes no mask", d->name);
		*slash++ = '\0';
	}
	switch (d->type) {
	case KT_MAC:
		ret = parse_mac_key(fld, d, arg, buf, slash);
		if (!ret && (d->flags & KF_ARP))
			ret = imply_l3(c, d->name, ETH_P_ARPTYPE, arg);
		return ret;
	case KT_IP:
	case KT_IP4:
		return parse_ip_key(f, c, d, arg, buf, slash);
	}
	ret = parse_num_key(fld, d, arg, buf, slash);
	if (!ret && (d->flags & KF_ARP))
		ret = imply_l3(c, d->name, ETH_P_ARPTYPE, arg);
	return ret;
}

static const struct key_desc *find_key(const char *word)
{
	unsigned int i;

	for (i = 0; i < flow_nkeys; i++)	/* the first letter: cheap */
		if (word[0] == flow_keys[i].name[0] &&
		    !strcmp(word, flow_keys[i].name))
			return &flow_keys[i];
	return NULL;
}

static uint32_t field_u32(const struct flow_field *fld)
{
	uint16_t v16;
	uint32_t v;

	switch (fld->len) {
	case 1:
		return fld->val[0];
	case 2:
		memcpy(&v16, fld->val, 2);
		return v16;
	}
	memcpy(&v, fld->val, 4);
	return v;
}

/* Set field @attr exactly to @val, @len bytes. */
static void set_exact(struct flow_spec *f, unsigned int attr, unsigned int len,
		      uint32_t val)
{
	struct flow_field *fld = &f->key[attr];

	fld->set = true;
	fld->masked = false;
	put_num(fld, len, val, UINT32_MAX);
}

/* Field @attr is given, and exactly. */
static bool exact(const struct flow_spec *f, unsigned int attr)
{
	return f->key[attr].set && !f->key[attr].masked;
}

static bool given(const struct flow_spec *f, const struct key_desc *d)
{
	return f->key[d->attr].set || (d->attr6 && f->key[d->attr6].set);
}

/* What the fields need and imply: eth_type, ip_proto, in_port... */
static int check_key(struct flow_spec *f, const struct parse_ctx *c)
{
	struct flow_field *eth = &f->key[VXFP_KEY_A_ETH_TYPE];
	uint32_t type, proto;
	const struct key_desc *d;
	unsigned int i;
	bool tun = false;

	if (!f->key[VXFP_KEY_A_CHAIN].set)
		set_exact(f, VXFP_KEY_A_CHAIN, 4, 0);
	if (c->l3_word) {
		if (!eth->set) {
			set_exact(f, VXFP_KEY_A_ETH_TYPE, 2, c->l3_type);
		} else if (eth->masked || field_u32(eth) != c->l3_type) {
			return flow_err("\"%s\" needs \"eth_type %s\", not the \"eth_type\" given",
					c->l3_word, type_word(c->l3_type));
		}
	}
	type = exact(f, VXFP_KEY_A_ETH_TYPE) ? field_u32(eth) : 0;
	proto = exact(f, VXFP_KEY_A_IP_PROTO) ?
		field_u32(&f->key[VXFP_KEY_A_IP_PROTO]) : 0x100;
	for (i = 0; i < flow_nkeys; i++) {
		d = &flow_keys[i];
		if (!given(f, d))
			continue;
		if ((d->flags & KF_L3) && type != ETH_P_IPV4 &&
		    type != ETH_P_IPV6)
			return flow_err("\"%s\" needs \"eth_type ipv4\" or \"eth_type ipv6\" (or src_ip or dst_ip)",
					d->name);
		if ((d->flags & KF_PORTS) && proto != PROTO_TCP &&
		    proto != PROTO_UDP && proto != PROTO_SCTP)
			return flow_err("\"%s\" needs \"ip_proto tcp\", \"ip_proto udp\" or \"ip_proto sctp\"",
					d->name);
		if ((d->flags & KF_TCP) && proto != PROTO_TCP)
			return flow_err("\"%s\" needs \"ip_proto tcp\"", d->name);
		if ((d->flags & KF_ICMP) &&
		    !(proto == PROTO_ICMP && type == ETH_P_IPV4) &&
		    !(proto == PROTO_ICMPV6 && type == ETH_P_IPV6))
			return flow_err("\"%s\" needs \"ip_proto icmp\" (IPv4) or \"ip_proto icmpv6\" (IPv6)",
					d->name);
		if ((d->flags & KF_TUN) && !tun) {
			tun = true;
			if (f->key[VXFP_KEY_A_IN_PORT].set &&
			    field_u32(&f->key[VXFP_KEY_A_IN_PORT]) !=
			    VXFP_PORT_ID_UPLINK)
				return flow_err("\"%s\" needs \"in_port uplink\"",
						d->name);
		}
	}
	if (tun) {
		if (!f->key[VXFP_KEY_A_IN_PORT].set)
			set_exact(f, VXFP_KEY_A_IN_PORT, 4, VXFP_PORT_ID_UPLINK);
		if (!f->key[VXFP_KEY_A_TUN_DST_PORT].set)
			set_exact(f, VXFP_KEY_A_TUN_DST_PORT, 2,
				  FLOW_VXLAN_PORT);
	}
	return 0;
}

/* The next word, if there is one and it is @word. */
static bool next_is(int argc, char **argv, const char *word)
{
	return argc > 1 && !strcmp(argv[1], word);
}

static int parse_u8_arg(const char *key, const char *arg, uint32_t max,
			uint8_t *out)
{
	uint64_t v;

	if (parse_number(arg, max, &v))
		return range_err("", key, max, false, arg);
	*out = (uint8_t)v;
	return 0;
}

static int parse_encap(struct flow_action *a, int *argcp, char ***argvp)
{
	static const char *const words[] = {
		"id", "dst_ip", "src_ip", "dst_port", "tos", "ttl", "csum",
		"nocsum",
	};
	struct flow_encap *e = &a->encap;
	bool has_id = false, has_dst = false, src6 = false;
	int argc = *argcp, ret = 0;
	char **argv = *argvp;
	uint8_t src[16];
	uint64_t v;
	size_t i;

	a->type = VXFP_ACT_A_ENCAP;
	memset(e, 0, sizeof(*e));
	while (argc > 1) {
		const char *w = argv[1];

		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (!strcmp(w, words[i]))
				break;
		if (i == sizeof(words) / sizeof(words[0]))
			break;
		argc--;
		argv++;
		if (!strcmp(w, "csum") || !strcmp(w, "nocsum")) {
			if (e->has_csum)
				return duparg("csum", w);
			e->has_csum = true;
			e->csum = w[0] == 'c';
			continue;
		}
		NEXT_ARG("flow");
		if (!strcmp(w, "id")) {
			if (has_id)
				return duparg("id", *argv);
			if (parse_number(*argv, 0xffffff, &v))
				return range_err("", "encap id", 0xffffff,
						 false, *argv);
			e->vni = (uint32_t)v;
			has_id = true;
		} else if (!strcmp(w, "dst_ip")) {
			if (has_dst)
				return duparg("dst_ip", *argv);
			e->ip6 = strchr(*argv, ':') != NULL;
			if (inet_pton(e->ip6 ? AF_INET6 : AF_INET, *argv,
				      e->dst) != 1)
				return invarg("\"encap dst_ip\" must be an IPv4 or IPv6 address",
					      *argv);
			has_dst = true;
		} else if (!strcmp(w, "src_ip")) {
			if (e->has_src)
				return duparg("src_ip", *argv);
			src6 = strchr(*argv, ':') != NULL;
			if (inet_pton(src6 ? AF_INET6 : AF_INET, *argv,
				      src) != 1)
				return invarg("\"encap src_ip\" must be an IPv4 or IPv6 address",
					      *argv);
			memcpy(e->src, src, sizeof(src));
			e->has_src = true;
		} else if (!strcmp(w, "dst_port")) {
			if (e->has_port)
				return duparg("dst_port", *argv);
			if (parse_number(*argv, 0xffff, &v) || !v)
				return invarg("\"encap dst_port\" must be a number from 1 to 65535",
					      *argv);
			e->port = (uint16_t)v;
			e->has_port = true;
		} else if (!strcmp(w, "tos")) {
			if (e->has_tos)
				return duparg("tos", *argv);
			ret = parse_u8_arg("encap tos", *argv, 255, &e->tos);
			e->has_tos = true;
		} else {
			if (e->has_ttl)
				return duparg("ttl", *argv);
			ret = parse_u8_arg("encap ttl", *argv, 255, &e->ttl);
			e->has_ttl = true;
		}
		if (ret)
			return ret;
	}
	if (!has_id || !has_dst)
		return flow_err("\"encap\" needs \"id\" and \"dst_ip\"");
	if (e->has_src && src6 != e->ip6)
		return flow_err("\"encap\": \"src_ip\" and \"dst_ip\" must be of one family");
	*argcp = argc;
	*argvp = argv;
	return 0;
}

static int parse_vlan(struct flow_action *a, int *argcp, char ***argvp)
{
	int argc = *argcp, ret = 0;
	char **argv = *argvp;
	bool push;
	uint32_t v;

	NEXT_ARG("flow");
	if (!strcmp(*argv, "pop")) {
		a->type = VXFP_ACT_A_VLAN_POP;
		goto out;
	}
	if (strcmp(*argv, "push") && strcmp(*argv, "modify"))
		return invarg("\"vlan\" must be followed by push, pop or modify",
			      *argv);
	push = !strcmp(*argv, "push");
	a->type = push ? VXFP_ACT_A_VLAN_PUSH : VXFP_ACT_A_VLAN_MODIFY;
	while (next_is(argc, argv, "id") || next_is(argc, argv, "prio") ||
	       (push && next_is(argc, argv, "protocol"))) {
		const char *w = argv[1];

		argc--;
		argv++;
		NEXT_ARG("flow");
		if (!strcmp(w, "id")) {
			if (a->vlan.has_id)
				return duparg("id", *argv);
			if (parse_u32(*argv, 1, 4094, &v))
				return invarg("\"vlan id\" must be a number from 1 to 4094",
					      *argv);
			a->vlan.id = (uint16_t)v;
			a->vlan.has_id = true;
		} else if (!strcmp(w, "prio")) {
			if (a->vlan.has_prio)
				return duparg("prio", *argv);
			ret = parse_u8_arg("vlan prio", *argv, 7,
					   &a->vlan.prio);
			a->vlan.has_prio = true;
		} else {
			if (a->vlan.has_tpid)
				return duparg("protocol", *argv);
			if (parse_vlan_proto(*argv, &a->vlan.tpid))
				return invarg("\"vlan protocol\" must be 802.1Q or 802.1ad",
					      *argv);
			a->vlan.has_tpid = true;
		}
		if (ret)
			return ret;
	}
	if (push && !a->vlan.has_id)
		return flow_err("\"vlan push\" needs \"id\"");
	if (!push && !a->vlan.has_id && !a->vlan.has_prio)
		return flow_err("\"vlan modify\" needs \"id\" or \"prio\"");
out:
	*argcp = argc;
	*argvp = argv;
	return 0;
}

static int parse_set(struct flow_action *a, int *argcp, char ***argvp)
{
	int argc = *argcp;
	char **argv = *argvp;
	const char *w;
	int ret;

	NEXT_ARG("flow");
	w = *argv;
	if (strcmp(w, "src_mac") && strcmp(w, "dst_mac") &&
	    strcmp(w, "ttl") && strcmp(w, "dscp"))
		return invarg("\"set\" must be followed by src_mac, dst_mac, ttl or dscp",
			      w);
	NEXT_ARG("flow");
	if (!strcmp(w, "ttl")) {
		a->type = VXFP_ACT_A_SET_TTL;
		ret = parse_u8_arg("set ttl", *argv, 255, &a->u8);
	} else if (!strcmp(w, "dscp")) {
		a->type = VXFP_ACT_A_SET_DSCP;
		ret = parse_u8_arg("set dscp", *argv, 63, &a->u8);
	} else {
		a->type = w[0] == 's' ? VXFP_ACT_A_SET_ETH_SRC :
			  VXFP_ACT_A_SET_ETH_DST;
		ret = parse_mac(*argv, a->mac) ?
		      invargf(*argv, "\"set %s\" must be a MAC address, as 02:00:00:00:00:01",
			      w) : 0;
	}
	*argcp = argc;
	*argvp = argv;
	return ret;
}

static const char *const mangle_hdrs[] = {
	[VXFP_MANGLE_ETH] = "eth",
	[VXFP_MANGLE_IP4] = "ip4",
	[VXFP_MANGLE_IP6] = "ip6",
	[VXFP_MANGLE_TCP] = "tcp",
	[VXFP_MANGLE_UDP] = "udp",
};

const char *mangle_hdr_name(uint8_t hdr)
{
	return hdr < sizeof(mangle_hdrs) / sizeof(mangle_hdrs[0]) ?
	       mangle_hdrs[hdr] : NULL;
}

static int parse_pedit(struct flow_action *a, int *argcp, char ***argvp)
{
	bool has_off = false, has_mask = false, has_val = false, *has;
	int argc = *argcp;
	char **argv = *argvp;
	uint8_t hdr;
	uint64_t v;

	NEXT_ARG("flow");
	for (hdr = 0; hdr < sizeof(mangle_hdrs) / sizeof(mangle_hdrs[0]); hdr++)
		if (!strcmp(*argv, mangle_hdrs[hdr]))
			break;
	if (hdr == sizeof(mangle_hdrs) / sizeof(mangle_hdrs[0]))
		return invarg("\"pedit\" must be followed by eth, ip4, ip6, tcp or udp",
			      *argv);
	a->type = VXFP_ACT_A_MANGLE;
	a->mangle.hdr = hdr;
	while (next_is(argc, argv, "offset") || next_is(argc, argv, "mask") ||
	       next_is(argc, argv, "value")) {
		const char *w = argv[1];

		argc--;
		argv++;
		NEXT_ARG("flow");
		has = w[0] == 'o' ? &has_off : w[0] == 'm' ? &has_mask :
		      &has_val;
		if (*has)
			return duparg(w, *argv);
		*has = true;
		if (w[0] == 'o') {
			if (parse_number(*argv, 252, &v) || v % 4)
				return invarg("\"pedit offset\" must be a multiple of 4 from 0 to 252",
					      *argv);
			a->mangle.off = (uint32_t)v;
		} else {
			if (parse_number(*argv, UINT32_MAX, &v))
				return invargf(*argv, "\"pedit %s\" must be a 32-bit number",
					       w);
			if (w[0] == 'm')
				a->mangle.mask = (uint32_t)v;
			else
				a->mangle.val = (uint32_t)v;
		}
	}
	if (!has_off || !has_mask || !has_val)
		return flow_err("\"pedit\" needs \"offset\", \"mask\" and \"value\"");
	if (!a->mangle.mask)
		return flow_err("\"pedit\": the mask (the bits written) is 0");
	if (a->mangle.val & ~a->mangle.mask)
		return flow_err("\"pedit\": value 0x%x has bits outside mask 0x%x",
				a->mangle.val, a->mangle.mask);
	*argcp = argc;
	*argvp = argv;
	return 0;
}

/* One action at *@argvp, left on its last word. */
static int parse_action(struct flow_action *a, int *argcp, char ***argvp)
{
	int argc = *argcp, ret = 0;
	char **argv = *argvp;
	const char *w = *argv;
	uint64_t v;

	memset(a, 0, sizeof(*a));
	if (!strcmp(w, "output") || !strcmp(w, "redirect") ||
	    !strcmp(w, "mirror")) {
		a->type = VXFP_ACT_A_OUTPUT;
		a->mirror = w[0] == 'm';
		NEXT_ARG("flow");
		ret = parse_flow_port(&argc, &argv, w, false, &a->port);
	} else if (!strcmp(w, "drop")) {
		a->type = VXFP_ACT_A_DROP;
	} else if (!strcmp(w, "trap")) {
		a->type = VXFP_ACT_A_TRAP;
	} else if (!strcmp(w, "decap")) {
		a->type = VXFP_ACT_A_DECAP;
	} else if (!strcmp(w, "dec_ttl")) {
		a->type = VXFP_ACT_A_DEC_TTL;
	} else if (!strcmp(w, "encap")) {
		ret = parse_encap(a, &argc, &argv);
	} else if (!strcmp(w, "vlan")) {
		ret = parse_vlan(a, &argc, &argv);
	} else if (!strcmp(w, "set")) {
		ret = parse_set(a, &argc, &argv);
	} else if (!strcmp(w, "pedit")) {
		ret = parse_pedit(a, &argc, &argv);
	} else if (!strcmp(w, "goto")) {
		NEXT_ARG("flow");
		if (strcmp(*argv, "chain"))
			return invarg("\"goto\" must be followed by chain",
				      *argv);
		NEXT_ARG("flow");
		if (parse_number(*argv, UINT32_MAX, &v))
			return range_err("", "goto chain", UINT32_MAX, false,
					 *argv);
		a->type = VXFP_ACT_A_GOTO_CHAIN;
		a->chain = (uint32_t)v;
	} else {
		return unknown_arg("flow", w);
	}
	*argcp = argc;
	*argvp = argv;
	return ret;
}

static int parse_actions(struct flow_spec *f, int argc, char **argv)
{
	int ret;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(*argv, "action"))
			continue;
		if (matches(*argv, "help"))
			return -1;
		if (f->nacts == VXFP_FLOW_MAX_ACTIONS)
			return invargf(*argv, "a flow has at most %d actions",
				       VXFP_FLOW_MAX_ACTIONS);
		ret = parse_action(&f->acts[f->nacts], &argc, &argv);
		if (ret)
			return ret;
		f->nacts++;
	}
	return 0;
}

static const char *action_word(const struct flow_action *a)
{
	switch (a->type) {
	case VXFP_ACT_A_DROP:
		return "drop";
	case VXFP_ACT_A_TRAP:
		return "trap";
	case VXFP_ACT_A_GOTO_CHAIN:
		return "goto chain";
	}
	return NULL;
}

static int check_actions(const struct flow_spec *f)
{
	const struct flow_action *last;
	unsigned int i;
	uint32_t chain;

	if (!f->nacts)
		return flow_err("\"action\" needs an ACTION");
	for (i = 0; i + 1 < f->nacts; i++)
		if (action_word(&f->acts[i]))
			return flow_err("\"%s\" must be the last action",
					action_word(&f->acts[i]));
	last = &f->acts[f->nacts - 1];
	if (last->type == VXFP_ACT_A_OUTPUT && last->mirror)
		return flow_err("\"mirror\" must not be the last action, use \"output\" (or \"redirect\")");
	chain = field_u32(&f->key[VXFP_KEY_A_CHAIN]);
	if (last->type == VXFP_ACT_A_GOTO_CHAIN && last->chain <= chain)
		return flow_err("\"goto chain %u\" must go to a chain higher than the flow's (%u)",
				last->chain, chain);
	return 0;
}

static int parse_cookie(struct flow_spec *f, const char *arg)
{
	if (f->seen & FS_COOKIE)
		return duparg("cookie", arg);
	if (parse_number(arg, UINT64_MAX, &f->cookie))
		return invarg("\"cookie\" must be a 64-bit number (decimal, or hex with 0x)",
			      arg);
	f->seen |= FS_COOKIE;
	return 0;
}

/*
 * Parse the words after "flow add" (FLOW_ADD), "flow del" (FLOW_DEL) or
 * "flow get" (FLOW_GET) into @f, whose pointers then point into @argv.
 * Errors are printed to nlctl_err(). Returns 0, an exit code, or -1 for
 * "help".
 */
int flow_parse(enum flow_cmd cmd, int argc, char **argv, struct flow_spec *f)
{
	struct parse_ctx c = { 0 };
	const struct key_desc *d;
	bool actions = false;
	int ret;

	memset(f, 0, sizeof(*f));
	for (; argc > 0; argc--, argv++) {
		const char *w = *argv;

		if (matches(w, "help"))
			return -1;
		if (!strcmp(w, "switch")) {
			NEXT_ARG("flow");
			if (f->seen & FS_SWITCH)
				return duparg("switch", *argv);
			if (!valid_name(*argv))
				return invarg("\"switch\" not a valid switch name",
					      *argv);
			f->sw = *argv;
			f->seen |= FS_SWITCH;
		} else if (!strcmp(w, "cookie")) {
			NEXT_ARG("flow");
			ret = parse_cookie(f, *argv);
			if (ret)
				return ret;
		} else if (cmd != FLOW_ADD) {
			return unknown_arg("flow", w);
		} else if (!strcmp(w, "prio")) {
			NEXT_ARG("flow");
			if (f->seen & FS_PRIO)
				return duparg("prio", *argv);
			if (parse_u32(*argv, 0, UINT32_MAX, &f->prio))
				return invarg("\"prio\" must be a number from 0 to 4294967295",
					      *argv);
			f->seen |= FS_PRIO;
		} else if (!strcmp(w, "action")) {
			NEXT_ARG("flow");
			ret = parse_actions(f, argc, argv);
			if (ret)
				return ret;
			actions = true;
			break;
		} else {
			d = find_key(w);
			if (!d)
				return unknown_arg("flow", w);
			NEXT_ARG("flow");
			ret = parse_key(f, &c, d, &argc, &argv);
			if (ret)
				return ret;
		}
	}
	if (!(f->seen & FS_SWITCH))
		return missarg("switch");
	if (cmd != FLOW_ADD) {
		if (!(f->seen & FS_COOKIE))
			return missarg("cookie");
		return 0;
	}
	if (!actions)
		return missarg("action");
	ret = check_key(f, &c);
	if (!ret)
		ret = check_actions(f);
	return ret;
}

/* FNV-1a, 64 bits, from FLOW_HASH_INIT: the default cookie. */
uint64_t flow_hash(const void *data, size_t len, uint64_t hash)
{
	const uint8_t *p = data;

	while (len--) {
		hash ^= *p++;
		hash *= 0x100000001b3ULL;
	}
	return hash;
}

static int put_fields(struct nl_msg *msg, int type, const struct flow_spec *f,
		      bool mask)
{
	const struct flow_field *fld;
	struct nlattr *nest;
	unsigned int attr;
	int ret = 0;

	nest = nla_nest_start(msg, type);
	if (!nest)
		return -NLE_NOMEM;
	for (attr = 1; attr <= VXFP_KEY_A_MAX && !ret; attr++) {
		fld = &f->key[attr];
		if (!fld->set || (fld->masked && all_zero(fld->mask, fld->len)))
			continue;
		if (mask && !fld->masked)
			continue;
		ret = nla_put(msg, attr, fld->len, mask ? fld->mask : fld->val);
	}
	if (ret)
		return ret;
	return nla_nest_end(msg, nest);
}

static bool has_mask(const struct flow_spec *f)
{
	unsigned int attr;

	for (attr = 1; attr <= VXFP_KEY_A_MAX; attr++)
		if (f->key[attr].set && f->key[attr].masked &&
		    !all_zero(f->key[attr].mask, f->key[attr].len))
			return true;
	return false;
}

static int put_encap(struct nl_msg *msg, const struct flow_encap *e)
{
	unsigned int alen = e->ip6 ? 16 : 4;
	struct nlattr *nest;
	int ret;

	nest = nla_nest_start(msg, VXFP_ACT_A_ENCAP);
	if (!nest)
		return -NLE_NOMEM;
	ret = nla_put_u32(msg, VXFP_ENCAP_A_ID, e->vni);
	if (!ret && e->has_src)
		ret = nla_put(msg, e->ip6 ? VXFP_ENCAP_A_IPV6_SRC :
			      VXFP_ENCAP_A_IPV4_SRC, alen, e->src);
	if (!ret)
		ret = nla_put(msg, e->ip6 ? VXFP_ENCAP_A_IPV6_DST :
			      VXFP_ENCAP_A_IPV4_DST, alen, e->dst);
	if (!ret && e->has_port)
		ret = nla_put_u16(msg, VXFP_ENCAP_A_DST_PORT, e->port);
	if (!ret && e->has_tos)
		ret = nla_put_u8(msg, VXFP_ENCAP_A_TOS, e->tos);
	if (!ret && e->has_ttl)
		ret = nla_put_u8(msg, VXFP_ENCAP_A_TTL, e->ttl);
	if (!ret && e->has_csum)
		ret = nla_put_u8(msg, VXFP_ENCAP_A_CSUM, e->csum);
	return ret ? ret : nla_nest_end(msg, nest);
}

static int put_vlan(struct nl_msg *msg, const struct flow_action *a)
{
	struct nlattr *nest;
	int ret = 0;

	nest = nla_nest_start(msg, a->type);
	if (!nest)
		return -NLE_NOMEM;
	if (a->vlan.has_id)
		ret = nla_put_u16(msg, VXFP_VLAN_A_ID, a->vlan.id);
	if (!ret && a->vlan.has_prio)
		ret = nla_put_u8(msg, VXFP_VLAN_A_PRIO, a->vlan.prio);
	if (!ret && a->vlan.has_tpid)
		ret = nla_put_u16(msg, VXFP_VLAN_A_TPID, a->vlan.tpid);
	return ret ? ret : nla_nest_end(msg, nest);
}

static int put_mangle(struct nl_msg *msg, const struct flow_action *a)
{
	struct nlattr *nest;
	int ret;

	nest = nla_nest_start(msg, VXFP_ACT_A_MANGLE);
	if (!nest)
		return -NLE_NOMEM;
	ret = nla_put_u8(msg, VXFP_MANGLE_A_HDR, a->mangle.hdr);
	if (!ret)
		ret = nla_put_u32(msg, VXFP_MANGLE_A_OFFSET, a->mangle.off);
	if (!ret)
		ret = nla_put_u32(msg, VXFP_MANGLE_A_MASK, a->mangle.mask);
	if (!ret)
		ret = nla_put_u32(msg, VXFP_MANGLE_A_VALUE, a->mangle.val);
	return ret ? ret : nla_nest_end(msg, nest);
}

static int put_action(struct nl_msg *msg, const struct flow_action *a)
{
	switch (a->type) {
	case VXFP_ACT_A_OUTPUT:
		return nla_put_u32(msg, a->type, a->port);
	case VXFP_ACT_A_GOTO_CHAIN:
		return nla_put_u32(msg, a->type, a->chain);
	case VXFP_ACT_A_SET_ETH_SRC:
	case VXFP_ACT_A_SET_ETH_DST:
		return nla_put(msg, a->type, 6, a->mac);
	case VXFP_ACT_A_SET_TTL:
	case VXFP_ACT_A_SET_DSCP:
		return nla_put_u8(msg, a->type, a->u8);
	case VXFP_ACT_A_ENCAP:
		return put_encap(msg, &a->encap);
	case VXFP_ACT_A_VLAN_PUSH:
	case VXFP_ACT_A_VLAN_MODIFY:
		return put_vlan(msg, a);
	case VXFP_ACT_A_MANGLE:
		return put_mangle(msg, a);
	}
	return nla_put_flag(msg, a->type);
}

/*
 * A whole flow as a VXFP_A_FLOW nest: the key, the mask if a field has
 * one, the cookie (if none was given, a hash of the key, the mask and the
 * priority as encoded), the priority and the actions. Returns 0 or a
 * negative libnl error (-NLE_NOMEM: no room left in @msg).
 */
int flow_put(struct nl_msg *msg, const struct flow_spec *f)
{
	struct nlattr *nest, *acts;
	uint64_t cookie = f->cookie;
	char *start;
	unsigned int i;
	int ret;

	nest = nla_nest_start(msg, VXFP_A_FLOW);
	if (!nest)
		return -NLE_NOMEM;
	start = (char *)nlmsg_tail(nlmsg_hdr(msg));
	ret = put_fields(msg, VXFP_FLOW_A_KEY, f, false);
	if (!ret && has_mask(f))
		ret = put_fields(msg, VXFP_FLOW_A_MASK, f, true);
	if (ret)
		return ret;
	if (!(f->seen & FS_COOKIE)) {
		cookie = flow_hash(start, (char *)nlmsg_tail(nlmsg_hdr(msg)) -
				   start, FLOW_HASH_INIT);
		cookie = flow_hash(&f->prio, sizeof(f->prio), cookie);
	}
	ret = nla_put_u64(msg, VXFP_FLOW_A_COOKIE, cookie);
	if (!ret)
		ret = nla_put_u32(msg, VXFP_FLOW_A_PRIORITY, f->prio);
	if (ret)
		return ret;
	acts = nla_nest_start(msg, VXFP_FLOW_A_ACTIONS);
	if (!acts)
		return -NLE_NOMEM;
	for (i = 0; i < f->nacts && !ret; i++)
		ret = put_action(msg, &f->acts[i]);
	if (!ret)
		ret = nla_nest_end(msg, acts);
	if (!ret)
		ret = nla_nest_end(msg, nest);
	return ret;
}

/* A VXFP_A_FLOW nest with the cookie only (del, get). */
int flow_put_cookie(struct nl_msg *msg, uint64_t cookie)
{
	struct nlattr *nest;
	int ret;

	nest = nla_nest_start(msg, VXFP_A_FLOW);
	if (!nest)
		return -NLE_NOMEM;
	ret = nla_put_u64(msg, VXFP_FLOW_A_COOKIE, cookie);
	return ret ? ret : nla_nest_end(msg, nest);
}

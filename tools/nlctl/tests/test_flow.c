// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl unit tests: the flow parser (every match and action, into the
 * attributes it builds), its error messages, the printer (round trips
 * from a line to attributes and back to the same line, JSON, counters,
 * what only the kernel sends), and the naming of what an extended ACK
 * points at.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "../extack.h"
#include "../flow.h"
#include "../json.h"
#include "../nlctl.h"
#include "fake.h"
#include "tap.h"

static char *errs;		/* what the last parse printed */
static size_t errs_len;
static char *out;		/* what the last print printed */
static size_t out_len;

/* Parse @line, the words after "flow add" (or del, get). */
static int parse(enum flow_cmd cmd, const char *line, struct flow_spec *f)
{
	static char copy[2048];
	char *argv[256];
	FILE *e;
	int argc, ret;

	snprintf(copy, sizeof(copy), "%s", line);
	argc = make_args(copy, argv, 256);
	free(errs);
	errs = NULL;
	e = open_memstream(&errs, &errs_len);
	nlctl_set_err(e);
	ret = flow_parse(cmd, argc, argv, f);
	nlctl_set_err(NULL);
	fclose(e);
	return ret;
}

static struct nl_msg *msg;
static struct flow_spec spec;

/* Parse @line and build its VXFP_A_FLOW nest; NULL if either fails. */
static struct nlattr *build(const char *line)
{
	nlmsg_free(msg);
	msg = NULL;
	if (parse(FLOW_ADD, line, &spec))
		return NULL;
	msg = nlmsg_alloc_size(16384);
	if (!msg || flow_put(msg, &spec) < 0)
		return NULL;
	return nlmsg_attrdata(nlmsg_hdr(msg), 0);
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

/* The @n-th attribute of a nest (the actions, in order). */
static struct nlattr *nth(struct nlattr *nest, int n)
{
	struct nlattr *nla;
	int rem;

	if (!nest)
		return NULL;
	nla_for_each_nested(nla, nest, rem)
		if (!n--)
			return nla;
	return NULL;
}

static int count(struct nlattr *nest)
{
	struct nlattr *nla;
	int rem, n = 0;

	if (!nest)
		return 0;
	nla_for_each_nested(nla, nest, rem)
		n++;
	return n;
}

static bool has_bytes(struct nlattr *nla, const void *want, int len)
{
	return nla && nla_len(nla) == len && !memcmp(nla_data(nla), want, len);
}

static bool is_u8(struct nlattr *nla, uint8_t v)
{
	return has_bytes(nla, &v, 1);
}

static bool is_u16(struct nlattr *nla, uint16_t v)
{
	return has_bytes(nla, &v, 2);
}

static bool is_u32(struct nlattr *nla, uint32_t v)
{
	return has_bytes(nla, &v, 4);
}

static bool is_ip4(struct nlattr *nla, const char *addr)
{
	uint8_t a[4];

	return inet_pton(AF_INET, addr, a) == 1 && has_bytes(nla, a, 4);
}

static bool is_ip6(struct nlattr *nla, const char *addr)
{
	uint8_t a[16];

	return inet_pton(AF_INET6, addr, a) == 1 && has_bytes(nla, a, 16);
}

static bool is_mac(struct nlattr *nla, const char *mac)
{
	uint8_t m[6];

	return !parse_mac(mac, m) && has_bytes(nla, m, 6);
}

#define KEY(fl, t)	find(find(fl, VXFP_FLOW_A_KEY), t)
#define MASK(fl, t)	find(find(fl, VXFP_FLOW_A_MASK), t)
#define ACT(fl, n)	nth(find(fl, VXFP_FLOW_A_ACTIONS), n)

static void test_matches(void)
{
	struct nlattr *fl;

	fl = build("switch sw0 dst_mac 02:00:00:00:00:01 action drop");
	tap_ok(fl && is_mac(KEY(fl, VXFP_KEY_A_ETH_DST), "02:00:00:00:00:01") &&
	       !find(fl, VXFP_FLOW_A_MASK), "match: dst_mac, exact: key only");
	tap_ok(fl && is_u32(KEY(fl, VXFP_KEY_A_CHAIN), 0) &&
	       is_u32(find(fl, VXFP_FLOW_A_PRIORITY), 0) &&
	       !KEY(fl, VXFP_KEY_A_IN_PORT),
	       "match: chain 0 and prio 0 by default, no in_port");
	fl = build("switch sw0 src_mac 02:00:00:00:00:01/ff:ff:ff:00:00:00 action drop");
	tap_ok(fl && is_mac(KEY(fl, VXFP_KEY_A_ETH_SRC), "02:00:00:00:00:00") &&
	       is_mac(MASK(fl, VXFP_KEY_A_ETH_SRC), "ff:ff:ff:00:00:00"),
	       "match: src_mac/MAC masked, key masked too");
	fl = build("switch sw0 src_mac 02:00:00:00:00:01/24 action drop");
	tap_ok(fl && is_mac(MASK(fl, VXFP_KEY_A_ETH_SRC), "ff:ff:ff:00:00:00"),
	       "match: src_mac/24");
	fl = build("switch sw0 dst_mac 02:00:00:00:00:01/ff:ff:ff:ff:ff:ff action drop");
	tap_ok(fl && KEY(fl, VXFP_KEY_A_ETH_DST) && !find(fl, VXFP_FLOW_A_MASK),
	       "match: a full mask is no mask");
	fl = build("switch sw0 dst_mac 02:00:00:00:00:01/0 action drop");
	tap_ok(fl && !KEY(fl, VXFP_KEY_A_ETH_DST) && !find(fl, VXFP_FLOW_A_MASK),
	       "match: a zero mask matches nothing, sent nowhere");

	fl = build("switch sw0 eth_type ipv4 action drop");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_ETH_TYPE), 0x0800),
	       "match: eth_type ipv4");
	fl = build("switch sw0 eth_type ipv6 action drop");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_ETH_TYPE), 0x86dd),
	       "match: eth_type ipv6");
	fl = build("switch sw0 eth_type arp action drop");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_ETH_TYPE), 0x0806),
	       "match: eth_type arp");
	fl = build("switch sw0 eth_type 802.1Q action drop");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_ETH_TYPE), 0x8100),
	       "match: eth_type 802.1Q");
	fl = build("switch sw0 eth_type 0x88cc action drop");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_ETH_TYPE), 0x88cc),
	       "match: eth_type 0x88cc");

	fl = build("switch sw0 vlan_id 10 vlan_prio 3 vlan_tpid 802.1ad cvlan_id 4095 cvlan_prio 7 action drop");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_VLAN_ID), 10) &&
	       is_u8(KEY(fl, VXFP_KEY_A_VLAN_PRIO), 3) &&
	       is_u16(KEY(fl, VXFP_KEY_A_VLAN_TPID), 0x88a8) &&
	       is_u16(KEY(fl, VXFP_KEY_A_CVLAN_ID), 4095) &&
	       is_u8(KEY(fl, VXFP_KEY_A_CVLAN_PRIO), 7) &&
	       !find(fl, VXFP_FLOW_A_MASK),
	       "match: vlan_id, vlan_prio, vlan_tpid, cvlan_id, cvlan_prio");
	fl = build("switch sw0 vlan_tpid none action drop");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_VLAN_TPID), 0),
	       "match: vlan_tpid none (untagged) is 0");
	fl = build("switch sw0 vlan_tpid 802.1Q vlan_id 0x10/0xff0 action drop");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_VLAN_TPID), 0x8100) &&
	       is_u16(KEY(fl, VXFP_KEY_A_VLAN_ID), 0x10) &&
	       is_u16(MASK(fl, VXFP_KEY_A_VLAN_ID), 0xff0),
	       "match: vlan_id with a mask, in hex");

	fl = build("switch sw0 src_ip 10.0.0.1 action drop");
	tap_ok(fl && is_ip4(KEY(fl, VXFP_KEY_A_IPV4_SRC), "10.0.0.1") &&
	       is_u16(KEY(fl, VXFP_KEY_A_ETH_TYPE), 0x0800) &&
	       !find(fl, VXFP_FLOW_A_MASK),
	       "match: src_ip IPv4 implies eth_type ipv4, exact");
	fl = build("switch sw0 dst_ip 10.1.2.3/24 action drop");
	tap_ok(fl && is_ip4(KEY(fl, VXFP_KEY_A_IPV4_DST), "10.1.2.0") &&
	       is_ip4(MASK(fl, VXFP_KEY_A_IPV4_DST), "255.255.255.0"),
	       "match: dst_ip/24, the value masked");
	fl = build("switch sw0 dst_ip 10.1.2.3/255.0.255.0 action drop");
	tap_ok(fl && is_ip4(KEY(fl, VXFP_KEY_A_IPV4_DST), "10.0.2.0") &&
	       is_ip4(MASK(fl, VXFP_KEY_A_IPV4_DST), "255.0.255.0"),
	       "match: dst_ip/MASK, a mask that is not a prefix");
	fl = build("switch sw0 dst_ip 10.1.2.3/32 action drop");
	tap_ok(fl && KEY(fl, VXFP_KEY_A_IPV4_DST) &&
	       !find(fl, VXFP_FLOW_A_MASK), "match: dst_ip/32 is exact");
	fl = build("switch sw0 dst_ip 0.0.0.0/0 action drop");
	tap_ok(fl && !KEY(fl, VXFP_KEY_A_IPV4_DST) &&
	       is_u16(KEY(fl, VXFP_KEY_A_ETH_TYPE), 0x0800),
	       "match: dst_ip 0.0.0.0/0: any IPv4 packet");
	fl = build("switch sw0 src_ip 2001:db8::1 dst_ip 2001:db8::/32 action drop");
	tap_ok(fl && is_ip6(KEY(fl, VXFP_KEY_A_IPV6_SRC), "2001:db8::1") &&
	       is_ip6(KEY(fl, VXFP_KEY_A_IPV6_DST), "2001:db8::") &&
	       is_ip6(MASK(fl, VXFP_KEY_A_IPV6_DST), "ffff:ffff::") &&
	       is_u16(KEY(fl, VXFP_KEY_A_ETH_TYPE), 0x86dd),
	       "match: IPv6 src_ip and dst_ip/32, eth_type ipv6 implied");
	fl = build("switch sw0 eth_type ipv4 dst_ip 10.0.0.1 action drop");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_ETH_TYPE), 0x0800),
	       "match: eth_type given, and agreeing");

	fl = build("switch sw0 eth_type ipv4 ip_proto tcp ip_tos 0x10/0xfc ip_ttl 64 action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_IP_PROTO), 6) &&
	       is_u8(KEY(fl, VXFP_KEY_A_IP_TOS), 0x10) &&
	       is_u8(MASK(fl, VXFP_KEY_A_IP_TOS), 0xfc) &&
	       is_u8(KEY(fl, VXFP_KEY_A_IP_TTL), 64) &&
	       !MASK(fl, VXFP_KEY_A_IP_TTL),
	       "match: ip_proto tcp, ip_tos/MASK, ip_ttl");
	fl = build("switch sw0 eth_type ipv4 ip_proto udp action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_IP_PROTO), 17), "match: ip_proto udp");
	fl = build("switch sw0 eth_type ipv4 ip_proto sctp action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_IP_PROTO), 132),
	       "match: ip_proto sctp");
	fl = build("switch sw0 eth_type ipv6 ip_proto icmpv6 action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_IP_PROTO), 58),
	       "match: ip_proto icmpv6");
	fl = build("switch sw0 eth_type ipv4 ip_proto 47 action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_IP_PROTO), 47),
	       "match: ip_proto 47");

	fl = build("switch sw0 eth_type ipv4 ip_flags frag action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_IP_FRAG), VXFP_FRAG_IS) &&
	       is_u8(MASK(fl, VXFP_KEY_A_IP_FRAG), VXFP_FRAG_IS),
	       "match: ip_flags frag");
	fl = build("switch sw0 eth_type ipv4 ip_flags nofrag action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_IP_FRAG), 0) &&
	       is_u8(MASK(fl, VXFP_KEY_A_IP_FRAG), VXFP_FRAG_IS),
	       "match: ip_flags nofrag");
	fl = build("switch sw0 eth_type ipv4 ip_flags frag/firstfrag action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_IP_FRAG), VXFP_FRAG_IS) &&
	       !MASK(fl, VXFP_KEY_A_IP_FRAG),
	       "match: ip_flags frag/firstfrag: a first fragment, both bits exact");
	fl = build("switch sw0 eth_type ipv4 ip_flags firstfrag action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_IP_FRAG), VXFP_FRAG_IS) &&
	       !MASK(fl, VXFP_KEY_A_IP_FRAG),
	       "match: ip_flags firstfrag is frag/firstfrag");
	fl = build("switch sw0 eth_type ipv4 ip_flags frag/nofirstfrag action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_IP_FRAG), 3) &&
	       !MASK(fl, VXFP_KEY_A_IP_FRAG),
	       "match: ip_flags frag/nofirstfrag: a later fragment");
	fl = build("switch sw0 eth_type ipv4 ip_flags nofrag/nofirstfrag action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_IP_FRAG), 0) &&
	       is_u8(MASK(fl, VXFP_KEY_A_IP_FRAG), VXFP_FRAG_IS),
	       "match: ip_flags nofrag/nofirstfrag is nofrag");
	fl = build("switch sw0 eth_type ipv4 ip_flags 0x2/0x2 action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_IP_FRAG), 2) &&
	       is_u8(MASK(fl, VXFP_KEY_A_IP_FRAG), 2),
	       "match: ip_flags as VAL/MASK");

	fl = build("switch sw0 eth_type ipv4 ip_proto udp src_port 1024/0xfc00 dst_port 53 action drop");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_TP_SRC), 1024) &&
	       is_u16(MASK(fl, VXFP_KEY_A_TP_SRC), 0xfc00) &&
	       is_u16(KEY(fl, VXFP_KEY_A_TP_DST), 53) &&
	       !MASK(fl, VXFP_KEY_A_TP_DST),
	       "match: src_port/MASK, dst_port (host order)");
	fl = build("switch sw0 dst_ip 10.0.0.1 ip_proto tcp tcp_flags 0x12/0x3f action drop");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_TCP_FLAGS), 0x12) &&
	       is_u16(MASK(fl, VXFP_KEY_A_TCP_FLAGS), 0x3f),
	       "match: tcp_flags/MASK");
	fl = build("switch sw0 eth_type ipv4 ip_proto icmp type 8 code 0 action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_ICMP_TYPE), 8) &&
	       is_u8(KEY(fl, VXFP_KEY_A_ICMP_CODE), 0),
	       "match: icmp type and code");
	fl = build("switch sw0 eth_type ipv6 ip_proto icmpv6 type 135 action drop");
	tap_ok(fl && is_u8(KEY(fl, VXFP_KEY_A_ICMP_TYPE), 135),
	       "match: icmpv6 type");

	fl = build("switch sw0 arp_op request arp_sip 10.0.0.1 arp_tip 10.0.0.0/24 arp_sha 02:00:00:00:00:01 arp_tha 02:00:00:00:00:02 action drop");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_ARP_OP), 1) &&
	       is_ip4(KEY(fl, VXFP_KEY_A_ARP_SIP), "10.0.0.1") &&
	       is_ip4(MASK(fl, VXFP_KEY_A_ARP_TIP), "255.255.255.0") &&
	       is_mac(KEY(fl, VXFP_KEY_A_ARP_SHA), "02:00:00:00:00:01") &&
	       is_mac(KEY(fl, VXFP_KEY_A_ARP_THA), "02:00:00:00:00:02") &&
	       is_u16(KEY(fl, VXFP_KEY_A_ETH_TYPE), 0x0806),
	       "match: arp_op, arp_sip, arp_tip/24, arp_sha, arp_tha; eth_type arp implied");
	fl = build("switch sw0 arp_op reply action drop");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_ARP_OP), 2) &&
	       is_u16(KEY(fl, VXFP_KEY_A_ETH_TYPE), 0x0806),
	       "match: arp_op reply alone implies eth_type arp");

	fl = build("switch sw0 enc_key_id 42 enc_src_ip 192.0.2.2 enc_dst_ip 192.0.2.1 enc_tos 0x10 enc_ttl 64/0xf0 action decap output vf0");
	tap_ok(fl && is_u32(KEY(fl, VXFP_KEY_A_TUN_ID), 42) &&
	       is_ip4(KEY(fl, VXFP_KEY_A_TUN_IPV4_SRC), "192.0.2.2") &&
	       is_ip4(KEY(fl, VXFP_KEY_A_TUN_IPV4_DST), "192.0.2.1") &&
	       is_u8(KEY(fl, VXFP_KEY_A_TUN_TOS), 0x10) &&
	       is_u8(KEY(fl, VXFP_KEY_A_TUN_TTL), 64 & 0xf0) &&
	       is_u8(MASK(fl, VXFP_KEY_A_TUN_TTL), 0xf0),
	       "match: enc_key_id, enc_src_ip, enc_dst_ip, enc_tos, enc_ttl/MASK");
	tap_ok(fl && is_u32(KEY(fl, VXFP_KEY_A_IN_PORT), VXFP_PORT_ID_UPLINK) &&
	       is_u16(KEY(fl, VXFP_KEY_A_TUN_DST_PORT), 4789) &&
	       !KEY(fl, VXFP_KEY_A_ETH_TYPE),
	       "match: enc_* imply in_port uplink and enc_dst_port 4789");
	fl = build("switch sw0 in_port uplink enc_dst_port 8472 enc_dst_ip 2001:db8::1 action decap output vf0");
	tap_ok(fl && is_u16(KEY(fl, VXFP_KEY_A_TUN_DST_PORT), 8472) &&
	       is_ip6(KEY(fl, VXFP_KEY_A_TUN_IPV6_DST), "2001:db8::1"),
	       "match: enc_dst_port given, IPv6 enc_dst_ip");

	fl = build("switch sw0 in_port vf3 action drop");
	tap_ok(fl && is_u32(KEY(fl, VXFP_KEY_A_IN_PORT), 3), "port: vf3");
	fl = build("switch sw0 in_port vf 63 action drop");
	tap_ok(fl && is_u32(KEY(fl, VXFP_KEY_A_IN_PORT), 63), "port: vf 63");
	fl = build("switch sw0 action output rep2");
	tap_ok(fl && is_u32(ACT(fl, 0), VXFP_PORT_ID_REP(2)), "port: rep2");
	fl = build("switch sw0 action output rep 0");
	tap_ok(fl && is_u32(ACT(fl, 0), VXFP_PORT_ID_REP(0)), "port: rep 0");
	fl = build("switch sw0 action output pf");
	tap_ok(fl && is_u32(ACT(fl, 0), VXFP_PORT_ID_PF), "port: pf");
	fl = build("switch sw0 action mirror dev lo output vf0");
	tap_ok(fl && is_u32(ACT(fl, 0), VXFP_PORT_ID_HOST(if_nametoindex("lo"))),
	       "port: dev lo, by its ifindex");
	fl = build("switch sw0 action output ifindex 2147483645");
	tap_ok(fl && is_u32(ACT(fl, 0), VXFP_PORT_ID_HOST(2147483645)) &&
	       VXFP_PORT_ID_IS_HOST(VXFP_PORT_ID_HOST(2147483645)) &&
	       !VXFP_PORT_ID_IS_HOST(VXFP_PORT_ID_PF) &&
	       !VXFP_PORT_ID_IS_HOST(VXFP_PORT_ID_REP(3)),
	       "port: ifindex 2147483645, the highest");
	fl = build("switch sw0 in_port uplink action drop");
	tap_ok(fl && is_u32(KEY(fl, VXFP_KEY_A_IN_PORT), VXFP_PORT_ID_UPLINK),
	       "port: uplink");
	fl = build("switch sw0 chain 7 prio 3 action drop");
	tap_ok(fl && is_u32(KEY(fl, VXFP_KEY_A_CHAIN), 7) &&
	       is_u32(find(fl, VXFP_FLOW_A_PRIORITY), 3), "chain 7 prio 3");
}

static uint64_t cookie_of(const char *line)
{
	struct nlattr *fl = build(line), *c = find(fl, VXFP_FLOW_A_COOKIE);

	return c ? nla_get_u64(c) : 0;
}

static void test_cookie(void)
{
	uint64_t a, b;

	a = cookie_of("switch sw0 in_port vf0 dst_ip 10.0.0.1 action output vf1");
	b = cookie_of("switch sw0 dst_ip 10.0.0.1 in_port vf0 action drop");
	tap_ok(a && a == b,
	       "cookie: default from the match, whatever the order and actions");
	tap_ok(a == cookie_of("switch sw0 in_port vf0 dst_ip 10.0.0.1/32 action drop"),
	       "cookie: /32 is the same match");
	tap_ok(a != cookie_of("switch sw0 in_port vf0 dst_ip 10.0.0.2 action drop"),
	       "cookie: another match, another cookie");
	tap_ok(a != cookie_of("switch sw0 prio 1 in_port vf0 dst_ip 10.0.0.1 action drop"),
	       "cookie: another prio, another cookie");
	tap_ok(a != cookie_of("switch sw0 chain 1 in_port vf0 dst_ip 10.0.0.1 action drop"),
	       "cookie: another chain, another cookie");
	tap_ok(cookie_of("switch sw0 cookie 0x1234 action drop") == 0x1234,
	       "cookie: given in hex");
	tap_ok(cookie_of("switch sw0 cookie 18446744073709551615 action drop") ==
	       UINT64_MAX, "cookie: given in decimal, 64 bits");
}

static void test_actions(void)
{
	struct nlattr *fl, *a, *e;
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 0x0a };

	fl = build("switch sw0 action output vf1");
	tap_ok(fl && is_u32(ACT(fl, 0), 1) &&
	       nla_type(ACT(fl, 0)) == VXFP_ACT_A_OUTPUT &&
	       count(find(fl, VXFP_FLOW_A_ACTIONS)) == 1, "action: output vf1");
	fl = build("switch sw0 action redirect rep 4");
	tap_ok(fl && is_u32(ACT(fl, 0), VXFP_PORT_ID_REP(4)),
	       "action: redirect rep 4");
	fl = build("switch sw0 action mirror vf1 mirror pf output uplink");
	tap_ok(fl && is_u32(ACT(fl, 0), 1) && is_u32(ACT(fl, 1), VXFP_PORT_ID_PF) &&
	       is_u32(ACT(fl, 2), VXFP_PORT_ID_UPLINK) &&
	       nla_type(ACT(fl, 1)) == VXFP_ACT_A_OUTPUT,
	       "action: mirror, mirror, output: three outputs");
	fl = build("switch sw0 action mirror vf1 action output uplink");
	tap_ok(fl && count(find(fl, VXFP_FLOW_A_ACTIONS)) == 2,
	       "action: \"action\" before each action");
	fl = build("switch sw0 action drop");
	tap_ok(fl && nla_type(ACT(fl, 0)) == VXFP_ACT_A_DROP &&
	       nla_len(ACT(fl, 0)) == 0, "action: drop, a flag");
	fl = build("switch sw0 action trap");
	tap_ok(fl && nla_type(ACT(fl, 0)) == VXFP_ACT_A_TRAP, "action: trap");
	fl = build("switch sw0 enc_key_id 1 action decap vlan pop dec_ttl output vf0");
	tap_ok(fl && nla_type(ACT(fl, 0)) == VXFP_ACT_A_DECAP &&
	       nla_type(ACT(fl, 1)) == VXFP_ACT_A_VLAN_POP &&
	       nla_type(ACT(fl, 2)) == VXFP_ACT_A_DEC_TTL,
	       "action: decap, vlan pop, dec_ttl");

	fl = build("switch sw0 action encap id 42 dst_ip 192.0.2.2 output uplink");
	e = ACT(fl, 0);
	tap_ok(fl && nla_type(e) == VXFP_ACT_A_ENCAP &&
	       is_u32(find(e, VXFP_ENCAP_A_ID), 42) &&
	       is_ip4(find(e, VXFP_ENCAP_A_IPV4_DST), "192.0.2.2") &&
	       count(e) == 2, "action: encap id dst_ip, nothing else sent");
	fl = build("switch sw0 action encap id 16777215 dst_ip 192.0.2.2 src_ip 192.0.2.1 dst_port 8472 tos 0x10 ttl 64 nocsum output uplink");
	e = ACT(fl, 0);
	tap_ok(fl && is_u32(find(e, VXFP_ENCAP_A_ID), 0xffffff) &&
	       is_ip4(find(e, VXFP_ENCAP_A_IPV4_SRC), "192.0.2.1") &&
	       is_u16(find(e, VXFP_ENCAP_A_DST_PORT), 8472) &&
	       is_u8(find(e, VXFP_ENCAP_A_TOS), 0x10) &&
	       is_u8(find(e, VXFP_ENCAP_A_TTL), 64) &&
	       is_u8(find(e, VXFP_ENCAP_A_CSUM), 0),
	       "action: encap with every option");
	fl = build("switch sw0 action encap csum dst_ip 2001:db8::2 id 1 src_ip 2001:db8::1 output uplink");
	e = ACT(fl, 0);
	tap_ok(fl && is_ip6(find(e, VXFP_ENCAP_A_IPV6_DST), "2001:db8::2") &&
	       is_ip6(find(e, VXFP_ENCAP_A_IPV6_SRC), "2001:db8::1") &&
	       is_u8(find(e, VXFP_ENCAP_A_CSUM), 1),
	       "action: encap IPv6, options in any order, csum");

	fl = build("switch sw0 action vlan push id 10 output uplink");
	a = ACT(fl, 0);
	tap_ok(fl && nla_type(a) == VXFP_ACT_A_VLAN_PUSH &&
	       is_u16(find(a, VXFP_VLAN_A_ID), 10) && count(a) == 1,
	       "action: vlan push id");
	fl = build("switch sw0 action vlan push id 4094 prio 7 protocol 802.1ad output uplink");
	a = ACT(fl, 0);
	tap_ok(fl && is_u16(find(a, VXFP_VLAN_A_ID), 4094) &&
	       is_u8(find(a, VXFP_VLAN_A_PRIO), 7) &&
	       is_u16(find(a, VXFP_VLAN_A_TPID), 0x88a8),
	       "action: vlan push id prio protocol");
	fl = build("switch sw0 action vlan modify prio 0 output uplink");
	a = ACT(fl, 0);
	tap_ok(fl && nla_type(a) == VXFP_ACT_A_VLAN_MODIFY &&
	       is_u8(find(a, VXFP_VLAN_A_PRIO), 0) && !find(a, VXFP_VLAN_A_ID),
	       "action: vlan modify prio");
	fl = build("switch sw0 action vlan modify id 20 output uplink");
	tap_ok(fl && is_u16(find(ACT(fl, 0), VXFP_VLAN_A_ID), 20),
	       "action: vlan modify id");

	fl = build("switch sw0 action set src_mac 02:00:00:00:00:0a set dst_mac 02:00:00:00:00:0b set ttl 9 set dscp 63 output vf1");
	tap_ok(fl && nla_type(ACT(fl, 0)) == VXFP_ACT_A_SET_ETH_SRC &&
	       has_bytes(ACT(fl, 0), mac, 6) &&
	       nla_type(ACT(fl, 1)) == VXFP_ACT_A_SET_ETH_DST &&
	       nla_type(ACT(fl, 2)) == VXFP_ACT_A_SET_TTL &&
	       is_u8(ACT(fl, 2), 9) &&
	       nla_type(ACT(fl, 3)) == VXFP_ACT_A_SET_DSCP &&
	       is_u8(ACT(fl, 3), 63),
	       "action: set src_mac, dst_mac, ttl, dscp");
	fl = build("switch sw0 action pedit ip4 offset 8 mask 0xff000000 value 0x40000000 output vf1");
	a = ACT(fl, 0);
	tap_ok(fl && nla_type(a) == VXFP_ACT_A_MANGLE &&
	       is_u8(find(a, VXFP_MANGLE_A_HDR), VXFP_MANGLE_IP4) &&
	       is_u32(find(a, VXFP_MANGLE_A_OFFSET), 8) &&
	       is_u32(find(a, VXFP_MANGLE_A_MASK), 0xff000000) &&
	       is_u32(find(a, VXFP_MANGLE_A_VALUE), 0x40000000),
	       "action: pedit ip4");
	fl = build("switch sw0 action pedit udp value 0x35 mask 0xffff offset 0 output vf1");
	tap_ok(fl && is_u8(find(ACT(fl, 0), VXFP_MANGLE_A_HDR), VXFP_MANGLE_UDP),
	       "action: pedit udp, keywords in any order");
	fl = build("switch sw0 chain 1 action goto chain 2");
	tap_ok(fl && nla_type(ACT(fl, 0)) == VXFP_ACT_A_GOTO_CHAIN &&
	       is_u32(ACT(fl, 0), 2), "action: goto chain");
}

struct err_case {
	const char *line;
	const char *msg;
};

static const struct err_case errors[] = {
	{ "switch sw0 action output dev vxfp-no-such0",
	  "Error: argument \"vxfp-no-such0\" is wrong: \"output dev\": no such netdev here\n" },
	{ "switch sw0 action output ifindex 2147483646",
	  "Error: argument \"2147483646\" is wrong: \"output ifindex\" must be from 1 to 2147483645\n" },
	{ "switch sw0 in_port dev lo action drop",
	  "Error: argument \"dev\" is wrong: \"in_port\" must be vfN (N from 0 to 63) or uplink\n" },
	{ "dst_mac 02:00:00:00:00:01 action drop",
	  "Error: \"switch\" is required.\n" },
	{ "switch sw0 dst_mac 02:00:00:00:00:01",
	  "Error: \"action\" is required.\n" },
	{ "switch sw0 action",
	  "Error: command line is not complete, try \"nlctl flow help\".\n" },
	{ "switch sw0 dst_mac",
	  "Error: command line is not complete, try \"nlctl flow help\".\n" },
	{ "switch sw/0 action drop",
	  "Error: argument \"sw/0\" is wrong: \"switch\" not a valid switch name\n" },
	{ "switch sw0 switch sw1 action drop",
	  "Error: duplicate \"switch\": \"sw1\" is the second value.\n" },
	{ "switch sw0 bogus 1 action drop",
	  "Error: unknown argument \"bogus\", try \"nlctl flow help\".\n" },
	{ "switch sw0 dst action drop",
	  "Error: unknown argument \"dst\", try \"nlctl flow help\".\n" },
	{ "switch sw0 cookie 0x action drop",
	  "Error: argument \"0x\" is wrong: \"cookie\" must be a 64-bit number (decimal, or hex with 0x)\n" },
	{ "switch sw0 cookie 18446744073709551616 action drop",
	  "Error: argument \"18446744073709551616\" is wrong: \"cookie\" must be a 64-bit number (decimal, or hex with 0x)\n" },
	{ "switch sw0 cookie 1 cookie 2 action drop",
	  "Error: duplicate \"cookie\": \"2\" is the second value.\n" },
	{ "switch sw0 prio -1 action drop",
	  "Error: argument \"-1\" is wrong: \"prio\" must be a number from 0 to 4294967295\n" },
	{ "switch sw0 prio 1 prio 2 action drop",
	  "Error: duplicate \"prio\": \"2\" is the second value.\n" },
	{ "switch sw0 chain x action drop",
	  "Error: argument \"x\" is wrong: \"chain\" must be a number from 0 to 4294967295\n" },
	{ "switch sw0 chain 1/1 action drop",
	  "Error: argument \"1/1\" is wrong: \"chain\" takes no mask\n" },
	{ "switch sw0 in_port eth0 action drop",
	  "Error: argument \"eth0\" is wrong: \"in_port\" must be vfN (N from 0 to 63) or uplink\n" },
	{ "switch sw0 in_port vf64 action drop",
	  "Error: argument \"vf64\" is wrong: \"in_port\" must be vfN (N from 0 to 63) or uplink\n" },
	{ "switch sw0 in_port vf x action drop",
	  "Error: argument \"x\" is wrong: \"in_port\" must be vfN (N from 0 to 63) or uplink\n" },
	{ "switch sw0 in_port rep1 action drop",
	  "Error: argument \"rep1\" is wrong: \"in_port\" must be vfN (N from 0 to 63) or uplink\n" },
	{ "switch sw0 in_port pf action drop",
	  "Error: argument \"pf\" is wrong: \"in_port\" must be vfN (N from 0 to 63) or uplink\n" },
	{ "switch sw0 action output rep 64",
	  "Error: argument \"64\" is wrong: \"output\" must be vfN, repN (N from 0 to 63), uplink, pf, dev IFNAME or ifindex N\n" },
	{ "switch sw0 in_port vf0 in_port vf1 action drop",
	  "Error: duplicate \"in_port\": \"vf1\" is the second value.\n" },
	{ "switch sw0 dst_mac 02:00:00:00:00 action drop",
	  "Error: argument \"02:00:00:00:00\" is wrong: \"dst_mac\" must be a MAC address, as 02:00:00:00:00:01\n" },
	{ "switch sw0 dst_mac 02:00:00:00:00:01/49 action drop",
	  "Error: argument \"02:00:00:00:00:01/49\" is wrong: the mask of \"dst_mac\" must be a MAC address or a prefix length from 0 to 48\n" },
	{ "switch sw0 eth_type ip action drop",
	  "Error: argument \"ip\" is wrong: \"eth_type\" must be ipv4, ipv6, arp, 802.1Q, 802.1ad or a number from 0 to 0xffff\n" },
	{ "switch sw0 eth_type 0x10000 action drop",
	  "Error: argument \"0x10000\" is wrong: \"eth_type\" must be ipv4, ipv6, arp, 802.1Q, 802.1ad or a number from 0 to 0xffff\n" },
	{ "switch sw0 vlan_id 4096 action drop",
	  "Error: argument \"4096\" is wrong: \"vlan_id\" must be a number from 0 to 4095\n" },
	{ "switch sw0 vlan_id 10/0x1000 action drop",
	  "Error: argument \"10/0x1000\" is wrong: the mask of \"vlan_id\" must be a number from 0 to 0xfff\n" },
	{ "switch sw0 vlan_prio 8 action drop",
	  "Error: argument \"8\" is wrong: \"vlan_prio\" must be a number from 0 to 7\n" },
	{ "switch sw0 vlan_tpid 802.1x action drop",
	  "Error: argument \"802.1x\" is wrong: \"vlan_tpid\" must be 802.1Q, 802.1ad, none or a number from 0 to 0xffff\n" },
	{ "switch sw0 cvlan_id -1 action drop",
	  "Error: argument \"-1\" is wrong: \"cvlan_id\" must be a number from 0 to 4095\n" },
	{ "switch sw0 eth_type ipv4 ip_proto tcpp action drop",
	  "Error: argument \"tcpp\" is wrong: \"ip_proto\" must be tcp, udp, sctp, icmp, icmpv6 or a number from 0 to 255\n" },
	{ "switch sw0 eth_type ipv4 ip_tos 256 action drop",
	  "Error: argument \"256\" is wrong: \"ip_tos\" must be a number from 0 to 0xff\n" },
	{ "switch sw0 eth_type ipv4 ip_ttl 1/0x100 action drop",
	  "Error: argument \"1/0x100\" is wrong: the mask of \"ip_ttl\" must be a number from 0 to 0xff\n" },
	{ "switch sw0 eth_type ipv4 ip_flags fragment action drop",
	  "Error: argument \"fragment\" is wrong: \"ip_flags\": \"fragment\" is not frag, nofrag, firstfrag or nofirstfrag\n" },
	{ "switch sw0 eth_type ipv4 ip_flags frag/nofrag action drop",
	  "Error: argument \"frag/nofrag\" is wrong: \"ip_flags\": \"nofrag\" repeats or contradicts what precedes it\n" },
	{ "switch sw0 eth_type ipv4 ip_flags nofrag/firstfrag action drop",
	  "Error: argument \"nofrag/firstfrag\" is wrong: \"ip_flags\": a first fragment is a fragment (nofrag/firstfrag)\n" },
	{ "switch sw0 eth_type ipv4 ip_flags nofirstfrag action drop",
	  "Error: argument \"nofirstfrag\" is wrong: \"ip_flags\": nofirstfrag alone (a later fragment or none) cannot be matched, use frag/nofirstfrag or nofrag\n" },
	{ "switch sw0 eth_type ipv4 ip_flags 4 action drop",
	  "Error: argument \"4\" is wrong: \"ip_flags\" must be frag, nofrag, firstfrag or nofirstfrag, or two of them joined by \"/\"\n" },
	{ "switch sw0 src_ip 10.0.0.256 action drop",
	  "Error: argument \"10.0.0.256\" is wrong: \"src_ip\" must be an IPv4 or IPv6 address\n" },
	{ "switch sw0 src_ip 10.0.0.0/33 action drop",
	  "Error: argument \"10.0.0.0/33\" is wrong: the mask of \"src_ip\" must be a prefix length from 0 to 32 or an IPv4 address\n" },
	{ "switch sw0 dst_ip 2001:db8::/129 action drop",
	  "Error: argument \"2001:db8::/129\" is wrong: the mask of \"dst_ip\" must be a prefix length from 0 to 128 or an IPv6 address\n" },
	{ "switch sw0 src_ip 10.0.0.1 dst_ip 2001:db8::1 action drop",
	  "Error: argument \"2001:db8::1\" is wrong: \"dst_ip\" needs eth_type ipv6, but \"src_ip\" eth_type ipv4\n" },
	{ "switch sw0 src_ip 10.0.0.1 src_ip 10.0.0.2 action drop",
	  "Error: duplicate \"src_ip\": \"10.0.0.2\" is the second value.\n" },
	{ "switch sw0 src_ip 10.0.0.1 src_ip ::1 action drop",
	  "Error: duplicate \"src_ip\": \"::1\" is the second value.\n" },
	{ "switch sw0 eth_type ipv6 dst_ip 10.0.0.1 action drop",
	  "Error: \"dst_ip\" needs \"eth_type ipv4\", not the \"eth_type\" given.\n" },
	{ "switch sw0 src_ip 10.0.0.1 arp_op request action drop",
	  "Error: argument \"request\" is wrong: \"arp_op\" needs eth_type arp, but \"src_ip\" eth_type ipv4\n" },
	{ "switch sw0 ip_proto tcp action drop",
	  "Error: \"ip_proto\" needs \"eth_type ipv4\" or \"eth_type ipv6\" (or src_ip or dst_ip).\n" },
	{ "switch sw0 eth_type arp ip_ttl 1 action drop",
	  "Error: \"ip_ttl\" needs \"eth_type ipv4\" or \"eth_type ipv6\" (or src_ip or dst_ip).\n" },
	{ "switch sw0 eth_type ipv4 dst_port 80 action drop",
	  "Error: \"dst_port\" needs \"ip_proto tcp\", \"ip_proto udp\" or \"ip_proto sctp\".\n" },
	{ "switch sw0 eth_type ipv4 ip_proto icmp src_port 80 action drop",
	  "Error: \"src_port\" needs \"ip_proto tcp\", \"ip_proto udp\" or \"ip_proto sctp\".\n" },
	{ "switch sw0 eth_type ipv4 ip_proto tcp/0xf0 dst_port 80 action drop",
	  "Error: \"dst_port\" needs \"ip_proto tcp\", \"ip_proto udp\" or \"ip_proto sctp\".\n" },
	{ "switch sw0 eth_type ipv4 ip_proto udp dst_port 65536 action drop",
	  "Error: argument \"65536\" is wrong: \"dst_port\" must be a number from 0 to 65535\n" },
	{ "switch sw0 eth_type ipv4 ip_proto udp tcp_flags 2 action drop",
	  "Error: \"tcp_flags\" needs \"ip_proto tcp\".\n" },
	{ "switch sw0 eth_type ipv4 ip_proto tcp tcp_flags 0x1000 action drop",
	  "Error: argument \"0x1000\" is wrong: \"tcp_flags\" must be a number from 0 to 0xfff\n" },
	{ "switch sw0 eth_type ipv6 ip_proto icmp type 8 action drop",
	  "Error: \"type\" needs \"ip_proto icmp\" (IPv4) or \"ip_proto icmpv6\" (IPv6).\n" },
	{ "switch sw0 eth_type ipv4 ip_proto tcp code 0 action drop",
	  "Error: \"code\" needs \"ip_proto icmp\" (IPv4) or \"ip_proto icmpv6\" (IPv6).\n" },
	{ "switch sw0 arp_op query action drop",
	  "Error: argument \"query\" is wrong: \"arp_op\" must be request, reply or a number from 0 to 65535\n" },
	{ "switch sw0 arp_sip 2001:db8::1 action drop",
	  "Error: argument \"2001:db8::1\" is wrong: \"arp_sip\" must be an IPv4 address\n" },
	{ "switch sw0 arp_tha 02:00 action drop",
	  "Error: argument \"02:00\" is wrong: \"arp_tha\" must be a MAC address, as 02:00:00:00:00:01\n" },
	{ "switch sw0 enc_key_id 16777216 action drop",
	  "Error: argument \"16777216\" is wrong: \"enc_key_id\" must be a number from 0 to 16777215\n" },
	{ "switch sw0 enc_src_ip 10.0.0.1 enc_dst_ip ::1 action drop",
	  "Error: argument \"::1\" is wrong: \"enc_dst_ip\" and \"enc_src_ip\" must be of one family\n" },
	{ "switch sw0 enc_dst_port 4789/0xff00 action drop",
	  "Error: argument \"4789/0xff00\" is wrong: \"enc_dst_port\" takes no mask\n" },
	{ "switch sw0 in_port vf0 enc_key_id 1 action drop",
	  "Error: \"enc_key_id\" needs \"in_port uplink\".\n" },
	{ "switch sw0 enc_tos 0x100 action drop",
	  "Error: argument \"0x100\" is wrong: \"enc_tos\" must be a number from 0 to 0xff\n" },
	{ "switch sw0 action bogus",
	  "Error: unknown argument \"bogus\", try \"nlctl flow help\".\n" },
	{ "switch sw0 action output",
	  "Error: command line is not complete, try \"nlctl flow help\".\n" },
	{ "switch sw0 action output vf",
	  "Error: command line is not complete, try \"nlctl flow help\".\n" },
	{ "switch sw0 action output eth0",
	  "Error: argument \"eth0\" is wrong: \"output\" must be vfN, repN (N from 0 to 63), uplink, pf, dev IFNAME or ifindex N\n" },
	{ "switch sw0 action mirror vf1",
	  "Error: \"mirror\" must not be the last action, use \"output\" (or \"redirect\").\n" },
	{ "switch sw0 action drop output vf1",
	  "Error: \"drop\" must be the last action.\n" },
	{ "switch sw0 action trap drop",
	  "Error: \"trap\" must be the last action.\n" },
	{ "switch sw0 action goto chain 1 drop",
	  "Error: \"goto chain\" must be the last action.\n" },
	{ "switch sw0 chain 2 action goto chain 2",
	  "Error: \"goto chain 2\" must go to a chain higher than the flow's (2).\n" },
	{ "switch sw0 action goto 2",
	  "Error: argument \"2\" is wrong: \"goto\" must be followed by chain\n" },
	{ "switch sw0 action encap id 1 output uplink",
	  "Error: \"encap\" needs \"id\" and \"dst_ip\".\n" },
	{ "switch sw0 action encap dst_ip 192.0.2.1 output uplink",
	  "Error: \"encap\" needs \"id\" and \"dst_ip\".\n" },
	{ "switch sw0 action encap id 16777216 dst_ip 192.0.2.1 output uplink",
	  "Error: argument \"16777216\" is wrong: \"encap id\" must be a number from 0 to 16777215\n" },
	{ "switch sw0 action encap id 1 dst_ip 192.0.2 output uplink",
	  "Error: argument \"192.0.2\" is wrong: \"encap dst_ip\" must be an IPv4 or IPv6 address\n" },
	{ "switch sw0 action encap id 1 dst_ip 192.0.2.1 src_ip ::1 output uplink",
	  "Error: \"encap\": \"src_ip\" and \"dst_ip\" must be of one family.\n" },
	{ "switch sw0 action encap id 1 dst_ip 192.0.2.1 dst_port 0 output uplink",
	  "Error: argument \"0\" is wrong: \"encap dst_port\" must be a number from 1 to 65535\n" },
	{ "switch sw0 action encap id 1 dst_ip 192.0.2.1 ttl 256 output uplink",
	  "Error: argument \"256\" is wrong: \"encap ttl\" must be a number from 0 to 255\n" },
	{ "switch sw0 action encap id 1 dst_ip 192.0.2.1 tos x output uplink",
	  "Error: argument \"x\" is wrong: \"encap tos\" must be a number from 0 to 255\n" },
	{ "switch sw0 action encap id 1 id 2 dst_ip 192.0.2.1 output uplink",
	  "Error: duplicate \"id\": \"2\" is the second value.\n" },
	{ "switch sw0 action encap id 1 dst_ip 192.0.2.1 csum nocsum output uplink",
	  "Error: duplicate \"csum\": \"nocsum\" is the second value.\n" },
	{ "switch sw0 action vlan",
	  "Error: command line is not complete, try \"nlctl flow help\".\n" },
	{ "switch sw0 action vlan add id 1 output uplink",
	  "Error: argument \"add\" is wrong: \"vlan\" must be followed by push, pop or modify\n" },
	{ "switch sw0 action vlan push prio 1 output uplink",
	  "Error: \"vlan push\" needs \"id\".\n" },
	{ "switch sw0 action vlan push id 4095 output uplink",
	  "Error: argument \"4095\" is wrong: \"vlan id\" must be a number from 1 to 4094\n" },
	{ "switch sw0 action vlan push id 1 prio 8 output uplink",
	  "Error: argument \"8\" is wrong: \"vlan prio\" must be a number from 0 to 7\n" },
	{ "switch sw0 action vlan push id 1 protocol 0x8100 output uplink",
	  "Error: argument \"0x8100\" is wrong: \"vlan protocol\" must be 802.1Q or 802.1ad\n" },
	{ "switch sw0 action vlan modify output uplink",
	  "Error: \"vlan modify\" needs \"id\" or \"prio\".\n" },
	{ "switch sw0 action vlan modify protocol 802.1ad output uplink",
	  "Error: \"vlan modify\" needs \"id\" or \"prio\".\n" },
	{ "switch sw0 action set tos 1 output uplink",
	  "Error: argument \"tos\" is wrong: \"set\" must be followed by src_mac, dst_mac, ttl or dscp\n" },
	{ "switch sw0 action set dscp 64 output uplink",
	  "Error: argument \"64\" is wrong: \"set dscp\" must be a number from 0 to 63\n" },
	{ "switch sw0 action set ttl 256 output uplink",
	  "Error: argument \"256\" is wrong: \"set ttl\" must be a number from 0 to 255\n" },
	{ "switch sw0 action set src_mac 1:2:3:4:5:6 output uplink",
	  "Error: argument \"1:2:3:4:5:6\" is wrong: \"set src_mac\" must be a MAC address, as 02:00:00:00:00:01\n" },
	{ "switch sw0 action pedit ipv4 offset 8 mask 1 value 1 output vf1",
	  "Error: argument \"ipv4\" is wrong: \"pedit\" must be followed by eth, ip4, ip6, tcp or udp\n" },
	{ "switch sw0 action pedit ip4 offset 6 mask 1 value 1 output vf1",
	  "Error: argument \"6\" is wrong: \"pedit offset\" must be a multiple of 4 from 0 to 252\n" },
	{ "switch sw0 action pedit ip4 offset 8 mask 0xff value 0x100 output vf1",
	  "Error: \"pedit\": value 0x100 has bits outside mask 0xff.\n" },
	{ "switch sw0 action pedit ip4 offset 8 mask 0 value 0 output vf1",
	  "Error: \"pedit\": the mask (the bits written) is 0.\n" },
	{ "switch sw0 action pedit ip4 offset 8 value 1 output vf1",
	  "Error: \"pedit\" needs \"offset\", \"mask\" and \"value\".\n" },
	{ "switch sw0 action pedit ip4 offset 8 mask 0x100000000 value 1 output vf1",
	  "Error: argument \"0x100000000\" is wrong: \"pedit mask\" must be a 32-bit number\n" },
};

static void test_errors(void)
{
	struct flow_spec f;
	char line[1200];
	size_t i;
	int ret;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		ret = parse(FLOW_ADD, errors[i].line, &f);
		tap_ok(ret == NLCTL_EXIT_USAGE, "refused (exit 1): %s",
		       errors[i].line);
		tap_str(errs, errors[i].msg, "  its message");
	}
	strcpy(line, "switch sw0 action");
	for (i = 0; i < VXFP_FLOW_MAX_ACTIONS; i++)
		strcat(line, " mirror vf1");
	strcat(line, " output vf2");
	ret = parse(FLOW_ADD, line, &f);
	tap_ok(ret == NLCTL_EXIT_USAGE, "refused: 33 actions");
	tap_str(errs, "Error: argument \"output\" is wrong: a flow has at most 32 actions\n",
		"  its message");
	strcpy(line, "switch sw0 action");
	for (i = 0; i < VXFP_FLOW_MAX_ACTIONS - 1; i++)
		strcat(line, " mirror vf1");
	strcat(line, " output vf2");
	tap_ok(!parse(FLOW_ADD, line, &f) && f.nacts == 32, "32 actions are fine");

	tap_ok(parse(FLOW_ADD, "switch sw0 dst_ip 10.0.0.1 help", &f) == -1,
	       "help among the words");
	tap_ok(parse(FLOW_ADD, "switch sw0 action drop help", &f) == -1,
	       "help among the actions");
	tap_ok(!parse(FLOW_DEL, "switch sw0 cookie 0x10", &f) &&
	       f.cookie == 0x10 && !strcmp(f.sw, "sw0"), "del: switch and cookie");
	tap_ok(parse(FLOW_DEL, "switch sw0", &f) == NLCTL_EXIT_USAGE,
	       "del: no cookie refused");
	tap_str(errs, "Error: \"cookie\" is required.\n", "  its message");
	tap_ok(parse(FLOW_DEL, "switch sw0 cookie 1 prio 1", &f) ==
	       NLCTL_EXIT_USAGE, "del: prio refused");
	tap_str(errs, "Error: unknown argument \"prio\", try \"nlctl flow help\".\n",
		"  its message");
	tap_ok(parse(FLOW_GET, "cookie 1", &f) == NLCTL_EXIT_USAGE,
	       "get: no switch refused");
}

/* Print the VXFP_A_FLOW nest @fl, as text or JSON, into out. */
static void print_flow(struct nlattr *fl, const char *sw, bool json,
		       bool stats)
{
	FILE *f;

	free(out);
	out = NULL;
	f = open_memstream(&out, &out_len);
	print_start(f, json, false);
	flow_print(sw, fl, stats);
	print_end();
	fclose(f);
}

/* Line -> attributes -> line: the same. */
static void roundtrip(const char *line)
{
	struct nlattr *fl = build(line);
	char want[1200];

	if (!fl) {
		tap_ok(false, "round trip: %s", line);
		printf("#   %s", errs ? errs : "cannot build\n");
		return;
	}
	print_flow(fl, spec.sw, false, false);
	snprintf(want, sizeof(want), "%s\n", line);
	tap_str(out, want, "round trip");
}

static const char *const canonical[] = {
	"switch sw0 cookie 0x1 prio 0 in_port vf0 eth_type ipv4 dst_ip 10.0.0.2 ip_proto tcp dst_port 80 action encap id 42 dst_ip 192.0.2.2 dst_port 4789 ttl 64 csum output uplink",
	"switch sw0 cookie 0x2 prio 10 chain 1 in_port vf3 dst_mac 01:00:00:00:00:00/01:00:00:00:00:00 src_mac 02:00:00:00:00:00/24 action drop",
	"switch sw1 cookie 0x3 prio 1 in_port uplink vlan_id 10 vlan_prio 3 vlan_tpid 802.1ad cvlan_id 20 cvlan_prio 1 action vlan pop vlan modify id 30 prio 0 output vf1",
	"switch sw0 cookie 0x4 prio 0 in_port vf1 eth_type ipv6 src_ip 2001:db8::/32 dst_ip 2001:db8::1 ip_proto udp ip_tos 0x10/0xfc ip_ttl 64 ip_flags nofrag src_port 1024/0xfc00 dst_port 53 action set ttl 32 set dscp 10 dec_ttl output vf2",
	"switch sw0 cookie 0x5 prio 0 eth_type ipv4 src_ip 10.0.0.0/8 ip_proto icmp type 8 code 0 action trap",
	"switch sw0 cookie 0x6 prio 0 in_port vf0 eth_type arp arp_op request arp_sip 10.0.0.1 arp_tip 10.0.0.0/24 arp_sha 02:00:00:00:00:01 arp_tha 00:00:00:00:00:00 action mirror pf output uplink",
	"switch sw0 cookie 0x7 prio 0 in_port uplink enc_key_id 42 enc_src_ip 192.0.2.2 enc_dst_ip 192.0.2.1 enc_dst_port 4789 enc_tos 0x0/0xfc enc_ttl 64 action decap output vf0",
	"switch sw0 cookie 0x8 prio 0 in_port vf0 action vlan push id 100 prio 5 protocol 802.1ad encap id 7 dst_ip 2001:db8::2 src_ip 2001:db8::1 dst_port 8472 tos 0x20 ttl 16 nocsum output uplink",
	"switch sw0 cookie 0xffffffffffffffff prio 4294967295 chain 2 eth_type ipv4 ip_proto tcp tcp_flags 0x2/0x12 action set src_mac 02:00:00:00:00:0a set dst_mac 02:00:00:00:00:0b pedit ip4 offset 8 mask 0xff000000 value 0x40000000 goto chain 3",
	"switch sw0 cookie 0xa prio 0 eth_type ipv4 ip_flags frag/nofirstfrag action drop",
	"switch sw0 cookie 0xb prio 0 eth_type ipv6 ip_flags frag/firstfrag action drop",
	"switch sw0 cookie 0xc prio 0 eth_type 0x88cc action trap",
	"switch sw0 cookie 0xd prio 0 in_port vf63 vlan_tpid none action output rep63",
	"switch sw0 cookie 0xe prio 0 eth_type ipv6 ip_proto 47 action output vf63",
	"switch sw0 cookie 0xf prio 0 eth_type arp arp_op 5 arp_sha 02:00:00:00:00:00/ff:00:ff:00:00:00 action drop",
	"switch sw0 cookie 0x10 prio 0 in_port uplink enc_key_id 1 enc_src_ip 2001:db8::2 enc_dst_ip 2001:db8::/64 enc_dst_port 4789 action decap output rep0",
	"switch sw0 cookie 0x11 prio 0 eth_type ipv4 dst_ip 10.0.0.0/255.0.255.0 ip_proto sctp dst_port 9 action pedit udp offset 0 mask 0xffff value 0x35 output vf1",
	"switch sw0 cookie 0x12 prio 0 in_port vf2 eth_type ipv6 ip_proto icmpv6 type 135 code 0 action vlan push id 4094 output uplink",
	"switch sw0 cookie 0x13 prio 0 eth_type ipv4 ip_flags 0x2/0x2 action drop",
	"switch sw0 cookie 0x14 prio 0 vlan_id 16/0xff0 action drop",
};

static void test_roundtrip(void)
{
	size_t i;

	for (i = 0; i < sizeof(canonical) / sizeof(canonical[0]); i++)
		roundtrip(canonical[i]);
}

static void test_canonical(void)
{
	struct nlattr *fl;

	fl = build("switch sw0 cookie 1 dst_ip 10.0.0.1/24 action redirect vf1");
	print_flow(fl, spec.sw, false, false);
	tap_str(out, "switch sw0 cookie 0x1 prio 0 eth_type ipv4 dst_ip 10.0.0.0/24 action output vf1\n",
		"print: canonical form (implied eth_type, masked value, redirect)");
	fl = build("switch sw0 cookie 1 ip_flags firstfrag src_ip 10.0.0.1/32 action encap tos 0 ttl 0 id 1 dst_ip 192.0.2.1 output uplink");
	print_flow(fl, spec.sw, false, false);
	tap_str(out, "switch sw0 cookie 0x1 prio 0 eth_type ipv4 src_ip 10.0.0.1 ip_flags frag/firstfrag action encap id 1 dst_ip 192.0.2.1 output uplink\n",
		"print: canonical form (full mask, tos and ttl 0 not shown)");
	fl = build("switch sw0 cookie 1 enc_key_id 5 action decap output vf0");
	print_flow(fl, spec.sw, false, false);
	tap_str(out, "switch sw0 cookie 0x1 prio 0 in_port uplink enc_key_id 5 enc_dst_port 4789 action decap output vf0\n",
		"print: implied in_port and enc_dst_port are shown");
	fl = build("switch sw0 cookie 1 vlan_id 5 action vlan push id 10 prio 0 protocol 802.1Q output uplink");
	print_flow(fl, spec.sw, false, false);
	tap_str(out, "switch sw0 cookie 0x1 prio 0 vlan_id 5 action vlan push id 10 output uplink\n",
		"print: vlan push defaults not shown");
}

static void test_json_out(void)
{
	struct nlattr *fl;

	fl = build(canonical[0]);
	print_flow(fl, spec.sw, true, false);
	tap_str(out, "{\"switch\":\"sw0\",\"cookie\":1,\"prio\":0,\"chain\":0,"
		"\"match\":{\"in_port\":\"vf0\",\"eth_type\":\"ipv4\","
		"\"dst_ip\":\"10.0.0.2\",\"ip_proto\":\"tcp\",\"dst_port\":80},"
		"\"actions\":[{\"type\":\"encap\",\"id\":42,"
		"\"dst_ip\":\"192.0.2.2\",\"dst_port\":4789,\"ttl\":64,"
		"\"csum\":true},{\"type\":\"output\",\"port\":\"uplink\"}]}\n",
		"json: a flow");
	fl = build(canonical[3]);
	print_flow(fl, spec.sw, true, false);
	tap_str(out, "{\"switch\":\"sw0\",\"cookie\":4,\"prio\":0,\"chain\":0,"
		"\"match\":{\"in_port\":\"vf1\",\"eth_type\":\"ipv6\","
		"\"src_ip\":\"2001:db8::/32\",\"dst_ip\":\"2001:db8::1\","
		"\"ip_proto\":\"udp\",\"ip_tos\":16,\"ip_tos_mask\":252,"
		"\"ip_ttl\":64,\"ip_flags\":\"nofrag\",\"src_port\":1024,"
		"\"src_port_mask\":64512,\"dst_port\":53},"
		"\"actions\":[{\"type\":\"set\",\"ttl\":32},"
		"{\"type\":\"set\",\"dscp\":10},{\"type\":\"dec_ttl\"},"
		"{\"type\":\"output\",\"port\":\"vf2\"}]}\n",
		"json: masks as NAME_mask, prefixes in the address");
	fl = build(canonical[2]);
	print_flow(fl, spec.sw, true, false);
	tap_str(out, "{\"switch\":\"sw1\",\"cookie\":3,\"prio\":1,\"chain\":0,"
		"\"match\":{\"in_port\":\"uplink\",\"vlan_id\":10,\"vlan_prio\":3,"
		"\"vlan_tpid\":\"802.1ad\",\"cvlan_id\":20,\"cvlan_prio\":1},"
		"\"actions\":[{\"type\":\"vlan_pop\"},{\"type\":\"vlan_modify\","
		"\"id\":30,\"prio\":0},{\"type\":\"output\",\"port\":\"vf1\"}]}\n",
		"json: vlan actions");
	fl = build(canonical[8]);
	print_flow(fl, spec.sw, true, false);
	tap_str(out, "{\"switch\":\"sw0\",\"cookie\":18446744073709551615,"
		"\"prio\":4294967295,\"chain\":2,\"match\":{\"eth_type\":\"ipv4\","
		"\"ip_proto\":\"tcp\",\"tcp_flags\":2,\"tcp_flags_mask\":18},"
		"\"actions\":[{\"type\":\"set\",\"src_mac\":\"02:00:00:00:00:0a\"},"
		"{\"type\":\"set\",\"dst_mac\":\"02:00:00:00:00:0b\"},"
		"{\"type\":\"pedit\",\"htype\":\"ip4\",\"offset\":8,"
		"\"mask\":4278190080,\"value\":1073741824},"
		"{\"type\":\"goto\",\"chain\":3}]}\n",
		"json: 64-bit cookie, chain, set, pedit, goto");
	fl = build(canonical[5]);
	print_flow(fl, spec.sw, true, false);
	tap_str(out, "{\"switch\":\"sw0\",\"cookie\":6,\"prio\":0,\"chain\":0,"
		"\"match\":{\"in_port\":\"vf0\",\"eth_type\":\"arp\","
		"\"arp_op\":\"request\",\"arp_sip\":\"10.0.0.1\","
		"\"arp_tip\":\"10.0.0.0/24\",\"arp_sha\":\"02:00:00:00:00:01\","
		"\"arp_tha\":\"00:00:00:00:00:00\"},\"actions\":[{\"type\":\"mirror\","
		"\"port\":\"pf\"},{\"type\":\"output\",\"port\":\"uplink\"}]}\n",
		"json: arp, mirror");
}

/* A flow as the kernel may send it: built by hand. */
static struct nlattr *kernel_flow(bool used)
{
	struct nlattr *flow, *acts, *n;
	uint8_t mask4[4] = { 255, 0, 255, 0 }, ip[4] = { 10, 1, 2, 3 };

	nlmsg_free(msg);
	msg = nlmsg_alloc_size(4096);
	flow = nla_nest_start(msg, VXFP_A_FLOW);
	nla_put_u64(msg, VXFP_FLOW_A_COOKIE, 0x99);
	nla_put_u32(msg, VXFP_FLOW_A_PRIORITY, 7);
	n = nla_nest_start(msg, VXFP_FLOW_A_KEY);
	nla_put_u32(msg, VXFP_KEY_A_IN_PORT, 0x20000);
	nla_put_u32(msg, VXFP_KEY_A_CHAIN, 0);
	nla_put_u16(msg, VXFP_KEY_A_ETH_TYPE, 0x0800);
	nla_put(msg, VXFP_KEY_A_IPV4_DST, 4, ip);
	nla_put_u8(msg, VXFP_KEY_A_IP_PROTO, 6);
	nla_put_u8(msg, VXFP_KEY_A_IP_TTL, 5);
	nla_put_u16(msg, 200, 1);		/* newer than us */
	nla_nest_end(msg, n);
	n = nla_nest_start(msg, VXFP_FLOW_A_MASK);
	nla_put_u32(msg, VXFP_KEY_A_IN_PORT, UINT32_MAX);
	nla_put_u32(msg, VXFP_KEY_A_CHAIN, UINT32_MAX);
	nla_put_u16(msg, VXFP_KEY_A_ETH_TYPE, 0xffff);
	nla_put(msg, VXFP_KEY_A_IPV4_DST, 4, mask4);
	nla_put_u8(msg, VXFP_KEY_A_IP_PROTO, 0xff);
	nla_put_u8(msg, VXFP_KEY_A_IP_TTL, 0);	/* zero: not matched */
	nla_nest_end(msg, n);
	acts = nla_nest_start(msg, VXFP_FLOW_A_ACTIONS);
	n = nla_nest_start(msg, VXFP_ACT_A_VLAN_PUSH);
	nla_put_u16(msg, VXFP_VLAN_A_ID, 10);
	nla_put_u8(msg, VXFP_VLAN_A_PRIO, 0);
	nla_put_u16(msg, VXFP_VLAN_A_TPID, 0x8100);
	nla_nest_end(msg, n);
	nla_put_u16(msg, 99, 1);			/* an unknown action */
	nla_put_u32(msg, VXFP_ACT_A_OUTPUT, VXFP_PORT_ID_UPLINK);
	nla_nest_end(msg, acts);
	n = nla_nest_start(msg, VXFP_FLOW_A_STATS);
	nla_put_u64(msg, VXFP_FLOW_STATS_PACKETS, 1234);
	nla_put_u64(msg, VXFP_FLOW_STATS_BYTES, 567890);
	if (used)
		nla_put_u64(msg, VXFP_FLOW_STATS_USED, 1250);
	nla_put_u64(msg, VXFP_FLOW_STATS_AGE, 3600005);
	nla_nest_end(msg, n);
	nla_nest_end(msg, flow);
	return flow;
}

static void test_kernel_forms(void)
{
	struct nlattr *fl;
	FILE *f;
	int ret;

	fl = kernel_flow(true);
	print_flow(fl, "sw2", false, true);
	tap_str(out, "switch sw2 cookie 0x99 prio 7 in_port 0x20000 eth_type ipv4 dst_ip 10.0.2.0/255.0.255.0 ip_proto tcp unknown_fields(1) action vlan push id 10 unknown_action(99) output uplink\n"
		"    packets 1234 bytes 567890 used 1.250s age 3600.005s\n",
		"kernel: full masks exact, zero mask hidden, unknowns named, -s line");
	fl = kernel_flow(false);
	print_flow(fl, "sw2", false, true);
	tap_ok(out && strstr(out, "\n    packets 1234 bytes 567890 used never age 3600.005s\n"),
	       "kernel: used never");
	print_flow(fl, "sw2", false, false);
	tap_ok(out && !strstr(out, "packets"), "kernel: counters only with -s");
	print_flow(fl, "sw2", true, true);
	tap_ok(out && strstr(out, ",\"stats\":{\"packets\":1234,\"bytes\":567890,"
			    "\"used_ms\":null,\"age_ms\":3600005}}"),
	       "kernel: json counters, used_ms null");
	fl = kernel_flow(true);
	print_flow(fl, "sw2", true, true);
	tap_ok(out && strstr(out, "\"used_ms\":1250,\"age_ms\":3600005}}") &&
	       strstr(out, "{\"type\":\"vlan_push\",\"id\":10,\"prio\":0,"
			   "\"protocol\":\"802.1Q\"},{\"type\":\"unknown\","
			   "\"attr\":99}"),
	       "kernel: json used_ms, vlan push defaults, unknown action");

	/* A key attribute of the wrong size. */
	nlmsg_free(msg);
	msg = nlmsg_alloc_size(1024);
	fl = nla_nest_start(msg, VXFP_A_FLOW);
	nla_put_u64(msg, VXFP_FLOW_A_COOKIE, 1);
	{
		struct nlattr *k = nla_nest_start(msg, VXFP_FLOW_A_KEY);

		nla_put_u8(msg, VXFP_KEY_A_ETH_TYPE, 8);
		nla_nest_end(msg, k);
	}
	nla_nest_end(msg, fl);
	capture_start();
	free(out);
	out = NULL;
	f = open_memstream(&out, &out_len);
	print_start(f, false, false);
	ret = flow_print("sw0", fl, false);
	fclose(f);
	tap_str(capture_end(), "Error: malformed flow from the kernel.\n",
		"kernel: a field of the wrong size is malformed");
	tap_ok(ret == NLCTL_EXIT_KERNEL, "  exit 2");
}

static void test_fp_stats(void)
{
	struct nlattr *st, *d;
	FILE *f;

	nlmsg_free(msg);
	msg = nlmsg_alloc_size(1024);
	st = nla_nest_start(msg, VXFP_A_SWITCH_STATS);
	nla_put_u32(msg, VXFP_SW_STATS_FLOWS, 3);
	nla_put_u32(msg, VXFP_SW_STATS_MASKS, 2);
	nla_put_u64(msg, VXFP_SW_STATS_HITS, 100);
	nla_put_u64(msg, VXFP_SW_STATS_MISSES, 5);
	nla_put_u64(msg, VXFP_SW_STATS_ENCAP, 50);
	nla_put_u64(msg, VXFP_SW_STATS_DECAP, 40);
	nla_put_u64(msg, VXFP_SW_STATS_SLOW_PATH, 2);
	d = nla_nest_start(msg, VXFP_SW_STATS_DROPS);
	nla_put_u64(msg, VXFP_FP_DROP_ACTION + 1, 7);
	nla_put_u64(msg, VXFP_FP_DROP_MALFORMED + 1, 1);
	nla_put_u64(msg, VXFP_FP_DROP_MAX + 2, 9);	/* newer: skipped */
	nla_nest_end(msg, d);
	nla_nest_end(msg, st);

	free(out);
	out = NULL;
	f = open_memstream(&out, &out_len);
	print_start(f, false, false);
	print_fp_stats(st);
	print_end();
	fclose(f);
	tap_str(out, "\n    fastpath: flows 3 masks 2 hits 100 misses 5 encap 50 decap 40 slow_path 2"
		"\n    fastpath drops: action 7 too_big 0 nomem 0 link_down 0 loop 0 malformed 1",
		"switch -s: fast-path counters, text");
	free(out);
	out = NULL;
	f = open_memstream(&out, &out_len);
	print_start(f, true, false);
	open_json_object(NULL);
	print_fp_stats(st);
	close_json_object();
	print_end();
	fclose(f);
	tap_str(out, "{\"fastpath\":{\"flows\":3,\"masks\":2,\"hits\":100,"
		"\"misses\":5,\"encap\":50,\"decap\":40,\"slow_path\":2,"
		"\"drops\":{\"action\":7,\"too_big\":0,\"nomem\":0,"
		"\"link_down\":0,\"loop\":0,\"malformed\":1}}}\n",
		"switch -s: fast-path counters, json");
}

/* The offset of the first attribute of @type at any depth under @nest. */
static uint32_t offset_of(struct nlattr *nest, int type, int depth)
{
	struct nlattr *nla;
	uint32_t off;
	int rem;

	nla_for_each_nested(nla, nest, rem) {
		if (nla_type(nla) == type && !depth)
			return (char *)nla - (char *)nlmsg_hdr(msg);
		off = depth && nla_len(nla) >= NLA_HDRLEN ?
		      offset_of(nla, type, depth - 1) : 0;
		if (off)
			return off;
	}
	return 0;
}

static void test_paths(void)
{
	struct nlattr *fl = build("switch sw0 dst_ip 10.0.0.1 action encap id 1 dst_ip 192.0.2.1 dst_port 4789 output uplink");
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	const struct attr_space *sp;
	struct nl_extack ea = { 0 };
	char path[128], desc[160];
	uint32_t off;

	off = (char *)fl - (char *)nlh;
	tap_ok(!extack_attr_path(nlh, nlh->nlmsg_len, NLMSG_HDRLEN, off,
				 &vxfp_attr_space, path, sizeof(path), &sp) &&
	       sp == &flow_attr_space, "path: the flow nest, and its space");
	tap_str(path, "flow", "  named flow");
	off = offset_of(fl, VXFP_FLOW_A_COOKIE, 0);
	extack_attr_path(nlh, nlh->nlmsg_len, NLMSG_HDRLEN, off,
			 &vxfp_attr_space, path, sizeof(path), NULL);
	tap_str(path, "flow.cookie", "path: flow.cookie");
	off = offset_of(find(fl, VXFP_FLOW_A_KEY), VXFP_KEY_A_IPV4_DST, 0);
	extack_attr_path(nlh, nlh->nlmsg_len, NLMSG_HDRLEN, off,
			 &vxfp_attr_space, path, sizeof(path), NULL);
	tap_str(path, "flow.key.dst_ip", "path: flow.key.dst_ip");
	off = offset_of(ACT(fl, 0), VXFP_ENCAP_A_DST_PORT, 0);
	extack_attr_path(nlh, nlh->nlmsg_len, NLMSG_HDRLEN, off + 2,
			 &vxfp_attr_space, path, sizeof(path), NULL);
	tap_str(path, "flow.actions.encap.dst_port",
		"path: inside an attribute's header, nests and all");
	off = offset_of(ACT(fl, 0), VXFP_ENCAP_A_DST_PORT, 0) + NLA_HDRLEN;
	extack_attr_path(nlh, nlh->nlmsg_len, NLMSG_HDRLEN, off,
			 &vxfp_attr_space, path, sizeof(path), NULL);
	tap_str(path, "flow.actions.encap.dst_port", "path: inside its payload");
	tap_ok(extack_attr_path(nlh, nlh->nlmsg_len, NLMSG_HDRLEN,
				nlh->nlmsg_len + 4, &vxfp_attr_space, path,
				sizeof(path), NULL) == -1,
	       "path: past the end: none");
	tap_ok(extack_attr_path(nlh, nlh->nlmsg_len, NLMSG_HDRLEN, 2,
				&vxfp_attr_space, path, sizeof(path), NULL) ==
	       -1, "path: in the header: none");

	ea.has_miss_type = true;
	ea.miss_type = VXFP_ENCAP_A_ID;
	ea.has_miss_nest = true;
	ea.miss_nest = (char *)ACT(fl, 0) - (char *)nlh;
	tap_ok(!extack_describe(nlh, nlh->nlmsg_len, NLMSG_HDRLEN, &ea,
				&vxfp_attr_space, desc, sizeof(desc)),
	       "describe: a missing attribute in a nest");
	tap_str(desc, "missing attribute \"flow.actions.encap.id\"", "  named");
	ea.has_miss_nest = false;
	ea.miss_type = VXFP_A_SWITCH_NAME;
	extack_describe(nlh, nlh->nlmsg_len, NLMSG_HDRLEN, &ea,
			&vxfp_attr_space, desc, sizeof(desc));
	tap_str(desc, "missing attribute \"name\"", "describe: missing at the top");
	ea.has_miss_type = false;
	ea.has_offs = true;
	ea.offs = offset_of(find(fl, VXFP_FLOW_A_KEY), VXFP_KEY_A_ETH_TYPE, 0);
	extack_describe(nlh, nlh->nlmsg_len, NLMSG_HDRLEN, &ea,
			&vxfp_attr_space, desc, sizeof(desc));
	tap_str(desc, "bad attribute \"flow.key.eth_type\"", "describe: bad attribute");
}

void test_flow(void)
{
	test_matches();
	test_cookie();
	test_actions();
	test_errors();
	test_roundtrip();
	test_canonical();
	test_json_out();
	test_kernel_forms();
	test_fp_stats();
	test_paths();
	nlmsg_free(msg);
	msg = NULL;
	free(out);
	out = NULL;
	free(errs);
	errs = NULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: VF ports without netlink: the arguments of "vf show" / "vf set"
 * and the printers of VF, representor and port lines (vf.h).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "json.h"
#include "nlctl.h"
#include "vf.h"

static const char *const drop_names[VXFP_DROP_MAX + 1] = {
	[VXFP_DROP_SPOOF]	= "spoof",
	[VXFP_DROP_VLAN]	= "vlan",
	[VXFP_DROP_LINK_DOWN]	= "link_down",
	[VXFP_DROP_RATE]	= "rate",
	[VXFP_DROP_NOMEM]	= "nomem",
	[VXFP_DROP_TOO_BIG]	= "too_big",
};

const char *drop_reason_name(unsigned int reason)
{
	return reason <= VXFP_DROP_MAX ? drop_names[reason] : NULL;
}

const char *link_state_name(uint8_t state)
{
	switch (state) {
	case VXFP_VF_LINK_AUTO:
		return "auto";
	case VXFP_VF_LINK_ENABLE:
		return "enable";
	case VXFP_VF_LINK_DISABLE:
		return "disable";
	}
	return NULL;
}

const char *vlan_proto_name(uint16_t proto)
{
	switch (proto) {
	case VF_ETH_P_8021Q:
		return "802.1Q";
	case VF_ETH_P_8021AD:
		return "802.1ad";
	}
	return NULL;
}

static const char *flavour_name(uint8_t flavour)
{
	switch (flavour) {
	case VXFP_PORT_PHYSICAL:
		return "physical";
	case VXFP_PORT_VF:
		return "vf";
	}
	return NULL;
}

/* @buf has VF_MAC_STRLEN bytes. */
void format_mac(const uint8_t *mac, char *buf)
{
	snprintf(buf, VF_MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

/* "802.1Q" or "802.1ad", in any case (as ip link). Returns 0 or -1. */
int parse_vlan_proto(const char *arg, uint16_t *proto)
{
	if (!strcasecmp(arg, "802.1Q"))
		*proto = VF_ETH_P_8021Q;
	else if (!strcasecmp(arg, "802.1ad"))
		*proto = VF_ETH_P_8021AD;
	else
		return -1;
	return 0;
}

/* auto | enable | disable, abbreviations allowed. Returns 0 or -1. */
int parse_link_state(const char *arg, uint8_t *state)
{
	if (matches(arg, "auto"))
		*state = VXFP_VF_LINK_AUTO;
	else if (matches(arg, "enable"))
		*state = VXFP_VF_LINK_ENABLE;
	else if (matches(arg, "disable"))
		*state = VXFP_VF_LINK_DISABLE;
	else
		return -1;
	return 0;
}

static int range_arg(const char *key, const char *arg, uint32_t max)
{
	char msg[64];

	snprintf(msg, sizeof(msg), "\"%s\" must be a number from 0 to %u",
		 key, max);
	return invarg(msg, arg);
}

static int parse_value(struct vf_args *a, unsigned int bit, const char *key,
		       const char *arg)
{
	uint32_t val;

	if (a->seen & bit)
		return duparg(key, arg);
	a->seen |= bit;

	switch (bit) {
	case VF_SWITCH:
		if (!valid_name(arg))
			return invarg("\"switch\" not a valid switch name", arg);
		a->sw = arg;
		return 0;
	case VF_VF:
		if (parse_u32(arg, 0, VXFP_MAX_VFS - 1, &a->vf))
			return range_arg(key, arg, VXFP_MAX_VFS - 1);
		return 0;
	case VF_MAC:
		if (parse_mac(arg, a->mac))
			return invarg("\"mac\" must be a MAC address, as 02:00:00:00:00:01",
				      arg);
		if (a->mac[0] & 1)
			return invarg("\"mac\" must be a unicast address", arg);
		return 0;
	case VF_VLAN:
		if (parse_u32(arg, 0, 4095, &val))
			return range_arg(key, arg, 4095);
		a->vlan = (uint16_t)val;
		return 0;
	case VF_QOS:
		if (parse_u32(arg, 0, 7, &val))
			return range_arg(key, arg, 7);
		a->qos = (uint8_t)val;
		return 0;
	case VF_PROTO:
		if (parse_vlan_proto(arg, &a->proto))
			return invarg("\"proto\" must be \"802.1Q\" or \"802.1ad\"",
				      arg);
		return 0;
	case VF_SPOOFCHK:
		if (parse_on_off(arg, &a->spoofchk))
			return invarg("\"spoofchk\" must be \"on\" or \"off\"", arg);
		return 0;
	case VF_TRUST:
		if (parse_on_off(arg, &a->trust))
			return invarg("\"trust\" must be \"on\" or \"off\"", arg);
		return 0;
	case VF_STATE:
		if (parse_link_state(arg, &a->state))
			return invarg("\"state\" must be \"auto\", \"enable\" or \"disable\"",
				      arg);
		return 0;
	case VF_RATE:
		if (parse_u32(arg, 0, UINT32_MAX, &a->rate))
			return range_arg(key, arg, UINT32_MAX);
		return 0;
	}
	return NLCTL_EXIT_USAGE;
}

/* In matching order: an abbreviation takes the first keyword it fits. */
static const struct {
	const char *key;
	unsigned int bit;
} keywords[] = {
	{ "switch", VF_SWITCH },
	{ "vf", VF_VF },
	{ "mac", VF_MAC },
	{ "vlan", VF_VLAN },
	{ "qos", VF_QOS },
	{ "proto", VF_PROTO },
	{ "spoofchk", VF_SPOOFCHK },
	{ "state", VF_STATE },
	{ "trust", VF_TRUST },
	{ "max_tx_rate", VF_RATE },
};

/*
 * Parse "KEY VALUE..." of @object allowing the keywords in @allowed.
 * Returns 0, an exit code, or -1 if "help" was asked for.
 */
int vf_parse_args(const char *object, int argc, char **argv,
		  unsigned int allowed, struct vf_args *a)
{
	size_t i;
	int ret;

	memset(a, 0, sizeof(*a));
	a->proto = VF_ETH_P_8021Q;
	for (; argc > 0; argc--, argv++) {
		if (matches(*argv, "help"))
			return -1;
		for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
			if ((allowed & keywords[i].bit) &&
			    matches(*argv, keywords[i].key))
				break;
		if (i == sizeof(keywords) / sizeof(keywords[0]))
			return unknown_arg(object, *argv);
		NEXT_ARG(object);
		ret = parse_value(a, keywords[i].bit, keywords[i].key, *argv);
		if (ret)
			return ret;
	}
	return 0;
}

/* What "vf set" needs beyond the syntax. Returns 0 or an exit code. */
int vf_check_set(const struct vf_args *a)
{
	if (!(a->seen & VF_SWITCH))
		return missarg("switch");
	if (!(a->seen & VF_VF))
		return missarg("vf");
	if (!(a->seen & VF_SETTINGS)) {
		fprintf(stderr,
			"Error: nothing to set: give \"mac\", \"vlan\", \"spoofchk\", \"trust\", \"state\" or \"max_tx_rate\".\n");
		return NLCTL_EXIT_USAGE;
	}
	if ((a->seen & (VF_QOS | VF_PROTO)) && !(a->seen & VF_VLAN)) {
		fprintf(stderr, "Error: \"%s\" is only valid with \"vlan\".\n",
			a->seen & VF_QOS ? "qos" : "proto");
		return NLCTL_EXIT_USAGE;
	}
	return 0;
}

/* @name, or "unknown(@val)" in @buf. */
static const char *or_unknown(const char *name, unsigned int val, char *buf,
			      size_t size)
{
	if (name)
		return name;
	snprintf(buf, size, "unknown(%u)", val);
	return buf;
}

/*
 * The counters of a port: an indented block in text, a "stats" object in
 * JSON. Text starts with a newline and does not end with one.
 */
void print_vf_stats(const struct vf_stats *st)
{
	char fmt[32];
	unsigned int i;

	open_json_object("stats");
	print_text("\n    RX: bytes packets\n    ");
	open_json_object("rx");
	print_uint(PRINT_ANY, "bytes", "%llu", st->rx_bytes);
	print_uint(PRINT_ANY, "packets", " %llu", st->rx_packets);
	close_json_object();
	print_text("\n    TX: bytes packets\n    ");
	open_json_object("tx");
	print_uint(PRINT_ANY, "bytes", "%llu", st->tx_bytes);
	print_uint(PRINT_ANY, "packets", " %llu", st->tx_packets);
	close_json_object();
	print_text("\n    drops:");
	open_json_object("drops");
	for (i = 0; i <= VXFP_DROP_MAX; i++) {
		snprintf(fmt, sizeof(fmt), " %s %%llu", drop_names[i]);
		print_uint(PRINT_ANY, drop_names[i], fmt, st->drops[i]);
	}
	close_json_object();
	close_json_object();
}

/* " netnsid N" (text) / "netnsid": N (JSON), when the VF is elsewhere. */
static void print_netnsid(const struct vf_port *p)
{
	if (!p->has_netnsid)
		return;
	if (p->netnsid >= 0)
		print_uint(PRINT_ANY, "netnsid", " netnsid %llu",
			   (uint64_t)p->netnsid);
	else
		print_null(PRINT_ANY, "netnsid", " netnsid unknown");
}

/*
 * The members of one "vf show" object; no newline at the end. In text:
 *   sw0 vf 0: dev sw0v0 mac 02:00:00:00:00:01 vlan 10 qos 0 spoofchk on
 *   trust off link-state auto max_tx_rate 0 [ rep sw0_0 ] [ netnsid N ]
 * (one line; " proto 802.1ad" after qos when not 802.1Q).
 */
void print_vf(const struct vf_port *p, bool stats)
{
	char mac[VF_MAC_STRLEN], buf[32];
	const char *name;

	print_string(PRINT_ANY, "switch", "%s", p->sw);
	print_uint(PRINT_ANY, "vf", " vf %llu:", p->index);
	print_string(PRINT_ANY, "dev", " dev %s", p->ifname);
	print_uint(PRINT_JSON, "ifindex", NULL, p->ifindex);
	if (print_is_json())
		print_netnsid(p);
	print_string(PRINT_JSON, "phys_port_name", NULL, p->phys_name);
	if (p->has_rep)
		print_string(PRINT_JSON, "rep", NULL, p->rep);
	else
		print_null(PRINT_JSON, "rep", NULL);
	format_mac(p->mac, mac);
	print_string(PRINT_ANY, "mac", " mac %s", mac);
	print_uint(PRINT_ANY, "vlan", " vlan %llu", p->vlan);
	print_uint(PRINT_ANY, "qos", " qos %llu", p->qos);
	name = vlan_proto_name(p->vlan_proto);
	if (!name) {
		snprintf(buf, sizeof(buf), "0x%04x", p->vlan_proto);
		name = buf;
	}
	print_string(p->vlan_proto == VF_ETH_P_8021Q ? PRINT_JSON : PRINT_ANY,
		     "vlan_proto", " proto %s", name);
	print_on_off(PRINT_ANY, "spoofchk", " spoofchk %s", p->spoofchk);
	print_on_off(PRINT_ANY, "trust", " trust %s", p->trust);
	print_string(PRINT_ANY, "link_state", " link-state %s",
		     or_unknown(link_state_name(p->link_state), p->link_state,
				buf, sizeof(buf)));
	print_uint(PRINT_ANY, "max_tx_rate", " max_tx_rate %llu",
		   p->max_tx_rate);
	if (p->has_rep)
		print_string(PRINT_FP, NULL, " rep %s", p->rep);
	if (!print_is_json())
		print_netnsid(p);
	if (stats && p->has_stats)
		print_vf_stats(&p->stats);
}

/*
 * The members of one "rep show" object (also a port event); no newline:
 *   sw0 pf0vf0: rep sw0_0 vf sw0v0 [ netnsid N ]
 */
void print_rep(const struct vf_port *p)
{
	print_string(PRINT_ANY, "switch", "%s", p->sw);
	print_string(PRINT_ANY, "phys_port_name", " %s:", p->phys_name);
	if (p->has_rep) {
		print_string(PRINT_ANY, "rep", " rep %s", p->rep);
		print_uint(PRINT_JSON, "rep_ifindex", NULL, p->rep_ifindex);
	}
	print_uint(PRINT_JSON, "vf", NULL, p->index);
	print_string(PRINT_ANY, "dev", " vf %s", p->ifname);
	print_netnsid(p);
}

/*
 * The members of one "port show" object; no newline:
 *   sw0 p0 physical dev sw0
 *   sw0 pf0vf0 vf dev sw0v0 [ rep sw0_0 ] [ netnsid N ]
 */
void print_port(const struct vf_port *p)
{
	bool vf = p->flavour == VXFP_PORT_VF;
	char buf[32];

	print_string(PRINT_ANY, "switch", "%s", p->sw);
	print_string(PRINT_ANY, "phys_port_name", " %s", p->phys_name);
	print_string(PRINT_ANY, "flavour", " %s",
		     or_unknown(flavour_name(p->flavour), p->flavour, buf,
				sizeof(buf)));
	if (vf)
		print_uint(PRINT_JSON, "vf", NULL, p->index);
	print_string(PRINT_ANY, "dev", " dev %s", p->ifname);
	print_uint(PRINT_JSON, "ifindex", NULL, p->ifindex);
	if (print_is_json())
		print_netnsid(p);
	if (p->has_rep)
		print_string(PRINT_ANY, "rep", " rep %s", p->rep);
	else if (vf)
		print_null(PRINT_JSON, "rep", NULL);
	if (!print_is_json())
		print_netnsid(p);
}

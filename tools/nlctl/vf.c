// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: the "vf", "port" and "rep" objects (VXFP_CMD_PORT_{GET,SET}, and
 * VXFP_CMD_SWITCH_GET for the physical ports).
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "nl.h"
#include "nlctl.h"
#include "vf.h"

static void vf_usage(FILE *out)
{
	fprintf(out,
		"Usage: %1$s vf show [ switch NAME ] [ vf N ]\n"
		"       %1$s vf set switch NAME vf N [ mac LLADDR ]\n"
		"                   [ vlan VID [ qos QOS ] [ proto VLAN_PROTO ] ]\n"
		"                   [ spoofchk { on | off } ] [ trust { on | off } ]\n"
		"                   [ state { auto | enable | disable } ]\n"
		"                   [ max_tx_rate MBPS ]\n"
		"       %1$s vf help\n"
		"where  NAME := switch name\n"
		"       N := 0..%2$d\n"
		"       LLADDR := unicast MAC address, as 02:00:00:00:00:01\n"
		"       VID := 0..4095\n"
		"       QOS := 0..7\n"
		"       VLAN_PROTO := { 802.1Q | 802.1ad }\n"
		"       MBPS := Mbit/s, 0 for no limit\n",
		NLCTL_NAME, VXFP_MAX_VFS - 1);
}

static void port_usage(FILE *out)
{
	fprintf(out,
		"Usage: %1$s port show [ switch NAME ]\n"
		"       %1$s port help\n",
		NLCTL_NAME);
}

static void rep_usage(FILE *out)
{
	fprintf(out,
		"Usage: %1$s rep show [ switch NAME ]\n"
		"       %1$s rep help\n",
		NLCTL_NAME);
}

static const struct nla_policy stats_policy[VXFP_PORT_STATS_MAX + 1] = {
	[VXFP_PORT_STATS_RX_PACKETS]	= { .type = NLA_U64 },
	[VXFP_PORT_STATS_RX_BYTES]	= { .type = NLA_U64 },
	[VXFP_PORT_STATS_TX_PACKETS]	= { .type = NLA_U64 },
	[VXFP_PORT_STATS_TX_BYTES]	= { .type = NLA_U64 },
	[VXFP_PORT_STATS_DROPS]		= { .type = NLA_NESTED },
};

static uint64_t get_u64(struct nlattr *nla)
{
	return nla ? nla_get_u64(nla) : 0;
}

/* VXFP_A_PORT_STATS into @st; returns 0 or a libnl error. */
static int parse_stats(struct nlattr *nest, struct vf_stats *st)
{
	struct nlattr *tb[VXFP_PORT_STATS_MAX + 1], *nla;
	int ret, rem;

	ret = nla_parse_nested(tb, VXFP_PORT_STATS_MAX, nest,
			       (struct nla_policy *)stats_policy);
	if (ret < 0)
		return ret;
	st->rx_packets = get_u64(tb[VXFP_PORT_STATS_RX_PACKETS]);
	st->rx_bytes = get_u64(tb[VXFP_PORT_STATS_RX_BYTES]);
	st->tx_packets = get_u64(tb[VXFP_PORT_STATS_TX_PACKETS]);
	st->tx_bytes = get_u64(tb[VXFP_PORT_STATS_TX_BYTES]);
	if (!tb[VXFP_PORT_STATS_DROPS])
		return 0;
	/* Attribute type: reason + 1. Reasons newer than us are skipped. */
	nla_for_each_nested(nla, tb[VXFP_PORT_STATS_DROPS], rem) {
		int type = nla_type(nla);

		if (type < 1 || type > VXFP_DROP_MAX + 1)
			continue;
		if (nla_len(nla) < (int)sizeof(uint64_t))
			return -NLE_RANGE;
		st->drops[type - 1] = nla_get_u64(nla);
	}
	return 0;
}

static void get_string(char *buf, size_t size, struct nlattr *nla,
		       const char *dflt)
{
	snprintf(buf, size, "%s", nla ? nla_get_string(nla) : dflt);
}

/*
 * A port message (reply or event) into @p. Errors are printed; returns 0
 * or an exit code.
 */
int vf_port_parse(struct nlattr **tb, struct vf_port *p)
{
	int ret;

	memset(p, 0, sizeof(*p));
	p->flavour = VXFP_PORT_VF;
	p->vlan_proto = VF_ETH_P_8021Q;
	get_string(p->sw, sizeof(p->sw), tb[VXFP_A_SWITCH_NAME], "?");
	if (tb[VXFP_A_SWITCH_ID])
		p->sw_id = nla_get_u32(tb[VXFP_A_SWITCH_ID]);
	if (tb[VXFP_A_PORT_INDEX])
		p->index = nla_get_u32(tb[VXFP_A_PORT_INDEX]);
	if (tb[VXFP_A_PORT_FLAVOUR])
		p->flavour = nla_get_u8(tb[VXFP_A_PORT_FLAVOUR]);
	if (tb[VXFP_A_PORT_IFINDEX])
		p->ifindex = nla_get_u32(tb[VXFP_A_PORT_IFINDEX]);
	get_string(p->ifname, sizeof(p->ifname), tb[VXFP_A_PORT_IFNAME], "?");
	if (tb[VXFP_A_PORT_NETNSID]) {
		p->has_netnsid = true;
		p->netnsid = nla_get_s32(tb[VXFP_A_PORT_NETNSID]);
	}
	if (tb[VXFP_A_PORT_PHYS_NAME])
		get_string(p->phys_name, sizeof(p->phys_name),
			   tb[VXFP_A_PORT_PHYS_NAME], NULL);
	else
		snprintf(p->phys_name, sizeof(p->phys_name), "pf0vf%u",
			 p->index);
	if (tb[VXFP_A_REP_IFINDEX] || tb[VXFP_A_REP_IFNAME]) {
		p->has_rep = true;
		if (tb[VXFP_A_REP_IFINDEX])
			p->rep_ifindex = nla_get_u32(tb[VXFP_A_REP_IFINDEX]);
		if (tb[VXFP_A_REP_IFNAME])
			get_string(p->rep, sizeof(p->rep),
				   tb[VXFP_A_REP_IFNAME], NULL);
		else if (!if_indextoname(p->rep_ifindex, p->rep))
			snprintf(p->rep, sizeof(p->rep), "if%u",
				 p->rep_ifindex);
	}
	if (tb[VXFP_A_VF_MAC])
		memcpy(p->mac, nla_data(tb[VXFP_A_VF_MAC]), VF_ETH_ALEN);
	if (tb[VXFP_A_VF_VLAN])
		p->vlan = nla_get_u16(tb[VXFP_A_VF_VLAN]);
	if (tb[VXFP_A_VF_QOS])
		p->qos = nla_get_u8(tb[VXFP_A_VF_QOS]);
	if (tb[VXFP_A_VF_VLAN_PROTO])
		p->vlan_proto = nla_get_u16(tb[VXFP_A_VF_VLAN_PROTO]);
	if (tb[VXFP_A_VF_SPOOFCHK])
		p->spoofchk = nla_get_u8(tb[VXFP_A_VF_SPOOFCHK]);
	if (tb[VXFP_A_VF_TRUST])
		p->trust = nla_get_u8(tb[VXFP_A_VF_TRUST]);
	if (tb[VXFP_A_VF_LINK_STATE])
		p->link_state = nla_get_u8(tb[VXFP_A_VF_LINK_STATE]);
	if (tb[VXFP_A_VF_MAX_TX_RATE])
		p->max_tx_rate = nla_get_u32(tb[VXFP_A_VF_MAX_TX_RATE]);
	if (tb[VXFP_A_PORT_STATS]) {
		ret = parse_stats(tb[VXFP_A_PORT_STATS], &p->stats);
		if (ret < 0) {
			fprintf(stderr, "Error: malformed reply from the kernel: %s.\n",
				nl_geterror(ret));
			return NLCTL_EXIT_KERNEL;
		}
		p->has_stats = true;
	}
	return 0;
}

static int put_show(struct nl_msg *msg, const void *args)
{
	const struct vf_args *a = args;
	int ret = 0;

	if (a->seen & VF_SWITCH)
		ret = nla_put_string(msg, VXFP_A_SWITCH_NAME, a->sw);
	if (!ret && (a->seen & VF_VF))
		ret = nla_put_u32(msg, VXFP_A_PORT_INDEX, a->vf);
	return ret;
}

static int put_set(struct nl_msg *msg, const void *args)
{
	const struct vf_args *a = args;
	int ret;

	ret = put_show(msg, a);
	if (!ret && (a->seen & VF_MAC))
		ret = nla_put(msg, VXFP_A_VF_MAC, VF_ETH_ALEN, a->mac);
	/* As ip link: a VLAN comes with its QoS and protocol (defaults 0, 802.1Q). */
	if (!ret && (a->seen & VF_VLAN))
		ret = nla_put_u16(msg, VXFP_A_VF_VLAN, a->vlan);
	if (!ret && (a->seen & VF_VLAN))
		ret = nla_put_u8(msg, VXFP_A_VF_QOS, a->qos);
	if (!ret && (a->seen & VF_VLAN))
		ret = nla_put_u16(msg, VXFP_A_VF_VLAN_PROTO, a->proto);
	if (!ret && (a->seen & VF_SPOOFCHK))
		ret = nla_put_u8(msg, VXFP_A_VF_SPOOFCHK, a->spoofchk);
	if (!ret && (a->seen & VF_TRUST))
		ret = nla_put_u8(msg, VXFP_A_VF_TRUST, a->trust);
	if (!ret && (a->seen & VF_STATE))
		ret = nla_put_u8(msg, VXFP_A_VF_LINK_STATE, a->state);
	if (!ret && (a->seen & VF_RATE))
		ret = nla_put_u32(msg, VXFP_A_VF_MAX_TX_RATE, a->rate);
	return ret;
}

struct show_ctx {
	bool started;		/* JSON array opened */
};

static void show_open(struct show_ctx *ctx)
{
	if (!ctx->started) {
		open_json_array(NULL);
		ctx->started = true;
	}
}

/* Close the array ("[]" if nothing came) unless the request failed. */
static void show_close(struct show_ctx *ctx, int ret)
{
	if (!ctx->started && !ret)
		show_open(ctx);
	if (ctx->started) {
		close_json_array();
		print_end();
	}
}

static int vf_show_reply(struct nlattr **tb, void *arg)
{
	struct show_ctx *ctx = arg;
	struct vf_port p;
	int ret;

	ret = vf_port_parse(tb, &p);
	if (ret)
		return ret;
	if (p.flavour != VXFP_PORT_VF)
		return 0;
	show_open(ctx);
	open_json_object(NULL);
	print_vf(&p, opts.stats);
	print_text("\n");
	close_json_object();
	return 0;
}

static int vf_show(int argc, char **argv)
{
	struct show_ctx ctx = { 0 };
	struct vf_args a;
	bool dump;
	int ret;

	ret = vf_parse_args("vf", argc, argv, VF_SWITCH | VF_VF, &a);
	if (ret) {
		if (ret > 0)
			return ret;
		vf_usage(stdout);
		return NLCTL_EXIT_OK;
	}
	if ((a.seen & VF_VF) && !(a.seen & VF_SWITCH)) {
		fprintf(stderr, "Error: \"vf\" needs \"switch\".\n");
		return NLCTL_EXIT_USAGE;
	}
	dump = !(a.seen & VF_VF);

	print_start(stdout, opts.json, opts.pretty);
	ret = vxfp_send(VXFP_CMD_PORT_GET, dump, put_show, &a,
			vf_show_reply, &ctx);
	show_close(&ctx, ret);
	return ret;
}

static int vf_set(int argc, char **argv)
{
	struct vf_args a;
	int ret;

	ret = vf_parse_args("vf", argc, argv,
			    VF_SWITCH | VF_VF | VF_SETTINGS, &a);
	if (ret) {
		if (ret > 0)
			return ret;
		vf_usage(stdout);
		return NLCTL_EXIT_OK;
	}
	ret = vf_check_set(&a);
	if (ret)
		return ret;
	return vxfp_send(VXFP_CMD_PORT_SET, false, put_set, &a, NULL, NULL);
}

int do_vf(int argc, char **argv)
{
	if (argc < 1)
		return vf_show(0, NULL);
	if (matches(*argv, "help")) {
		vf_usage(stdout);
		return NLCTL_EXIT_OK;
	}
	if (matches_show(*argv))
		return vf_show(argc - 1, argv + 1);
	if (matches(*argv, "set"))
		return vf_set(argc - 1, argv + 1);
	return unknown_cmd("vf", *argv);
}

static int rep_show_reply(struct nlattr **tb, void *arg)
{
	struct show_ctx *ctx = arg;
	struct vf_port p;
	int ret;

	ret = vf_port_parse(tb, &p);
	if (ret)
		return ret;
	if (p.flavour != VXFP_PORT_VF || !p.has_rep)
		return 0;
	show_open(ctx);
	open_json_object(NULL);
	print_rep(&p);
	print_text("\n");
	close_json_object();
	return 0;
}

/* Parse "[ switch NAME ]" of @object; returns 0, -1 (help) or an exit code. */
static int parse_show(const char *object, int argc, char **argv,
		      struct vf_args *a)
{
	return vf_parse_args(object, argc, argv, VF_SWITCH, a);
}

static int rep_show(int argc, char **argv)
{
	struct show_ctx ctx = { 0 };
	struct vf_args a;
	int ret;

	ret = parse_show("rep", argc, argv, &a);
	if (ret) {
		if (ret > 0)
			return ret;
		rep_usage(stdout);
		return NLCTL_EXIT_OK;
	}
	print_start(stdout, opts.json, opts.pretty);
	ret = vxfp_send(VXFP_CMD_PORT_GET, true, put_show, &a,
			rep_show_reply, &ctx);
	show_close(&ctx, ret);
	return ret;
}

int do_rep(int argc, char **argv)
{
	if (argc < 1)
		return rep_show(0, NULL);
	if (matches(*argv, "help")) {
		rep_usage(stdout);
		return NLCTL_EXIT_OK;
	}
	if (matches_show(*argv))
		return rep_show(argc - 1, argv + 1);
	return unknown_cmd("rep", *argv);
}

/*
 * "port show" needs two dumps, the switches (their physical port) and the
 * VFs; both are collected, then printed switch by switch.
 */
struct port_list {
	struct vf_port *ports;
	size_t n, alloc;
};

static struct vf_port *port_add(struct port_list *l)
{
	struct vf_port *p;

	if (l->n == l->alloc) {
		size_t alloc = l->alloc ? 2 * l->alloc : 16;

		p = realloc(l->ports, alloc * sizeof(*p));
		if (!p)
			return NULL;
		l->ports = p;
		l->alloc = alloc;
	}
	return &l->ports[l->n++];
}

static int nomem(void)
{
	fprintf(stderr, "Error: %s.\n", strerror(ENOMEM));
	return NLCTL_EXIT_KERNEL;
}

/* A switch's physical port: "p0", its host side the PF netdev. */
static int phys_reply(struct nlattr **tb, void *arg)
{
	struct vf_port *p = port_add(arg);

	if (!p)
		return nomem();
	memset(p, 0, sizeof(*p));
	p->flavour = VXFP_PORT_PHYSICAL;
	get_string(p->sw, sizeof(p->sw), tb[VXFP_A_SWITCH_NAME], "?");
	if (tb[VXFP_A_SWITCH_ID])
		p->sw_id = nla_get_u32(tb[VXFP_A_SWITCH_ID]);
	snprintf(p->phys_name, sizeof(p->phys_name), "p0");
	if (tb[VXFP_A_PF_IFINDEX])
		p->ifindex = nla_get_u32(tb[VXFP_A_PF_IFINDEX]);
	if (!p->ifindex || !if_indextoname(p->ifindex, p->ifname))
		snprintf(p->ifname, sizeof(p->ifname), "if%u", p->ifindex);
	return 0;
}

static int vf_reply(struct nlattr **tb, void *arg)
{
	struct vf_port *p = port_add(arg);
	int ret;

	if (!p)
		return nomem();
	ret = vf_port_parse(tb, p);
	if (ret)
		((struct port_list *)arg)->n--;
	return ret;
}

static int put_switch(struct nl_msg *msg, const void *args)
{
	const struct vf_args *a = args;
	if (a->seen & VF_SWITCH)
		return nla_put_string(msg, VXFP_A_SWITCH_NAME, a->sw);
	return 0;
}

static void port_print(const struct vf_port *p)
{
	open_json_object(NULL);
	print_port(p);
	print_text("\n");
	close_json_object();
}

static void ports_print(const struct port_list *sws,
			const struct port_list *vfs)
{
	size_t i, j;
	bool *done;

	done = calloc(vfs->n + 1, sizeof(*done));
	open_json_array(NULL);
	for (i = 0; i < sws->n; i++) {
		port_print(&sws->ports[i]);
		for (j = 0; j < vfs->n; j++) {
			if (vfs->ports[j].sw_id != sws->ports[i].sw_id ||
			    strcmp(vfs->ports[j].sw, sws->ports[i].sw))
				continue;
			port_print(&vfs->ports[j]);
			if (done)
				done[j] = true;
		}
	}
	/* VFs of a switch made between the two dumps. */
	for (j = 0; done && j < vfs->n; j++)
		if (!done[j])
			port_print(&vfs->ports[j]);
	close_json_array();
	print_end();
	free(done);
}

static int port_show(int argc, char **argv)
{
	struct port_list sws = { 0 }, vfs = { 0 };
	struct vf_args a;
	int ret;

	ret = parse_show("port", argc, argv, &a);
	if (ret) {
		if (ret > 0)
			return ret;
		port_usage(stdout);
		return NLCTL_EXIT_OK;
	}
	ret = vxfp_send(VXFP_CMD_SWITCH_GET, !(a.seen & VF_SWITCH), put_switch,
			&a, phys_reply, &sws);
	if (!ret)
		ret = vxfp_send(VXFP_CMD_PORT_GET, true, put_show, &a,
				vf_reply, &vfs);
	if (!ret) {
		print_start(stdout, opts.json, opts.pretty);
		ports_print(&sws, &vfs);
	}
	free(sws.ports);
	free(vfs.ports);
	return ret;
}

int do_port(int argc, char **argv)
{
	if (argc < 1)
		return port_show(0, NULL);
	if (matches(*argv, "help")) {
		port_usage(stdout);
		return NLCTL_EXIT_OK;
	}
	if (matches_show(*argv))
		return port_show(argc - 1, argv + 1);
	return unknown_cmd("port", *argv);
}

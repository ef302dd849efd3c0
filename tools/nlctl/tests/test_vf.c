// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl unit tests: the VF arguments (VLAN protocol, link state, the
 * "vf set" combinations) and the VF, representor, port and counter
 * printers.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../json.h"
#include "../nlctl.h"
#include "../vf.h"
#include "tap.h"

static char *buf;
static size_t len;

static FILE *mem_open(void)
{
	free(buf);
	buf = NULL;
	return open_memstream(&buf, &len);
}

/* The parsers print their errors: keep the TAP output readable. */
static int saved_stderr = -1;

static void quiet(bool on)
{
	int fd;

	fflush(stderr);
	if (on) {
		saved_stderr = dup(STDERR_FILENO);
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
	} else if (saved_stderr >= 0) {
		dup2(saved_stderr, STDERR_FILENO);
		close(saved_stderr);
		saved_stderr = -1;
	}
}

static void test_words(void)
{
	uint16_t proto = 0;
	uint8_t state = 0xff;

	tap_ok(!parse_vlan_proto("802.1Q", &proto) && proto == 0x8100,
	       "vlan proto: 802.1Q");
	tap_ok(!parse_vlan_proto("802.1q", &proto) && proto == 0x8100,
	       "vlan proto: 802.1q (any case)");
	tap_ok(!parse_vlan_proto("802.1ad", &proto) && proto == 0x88a8,
	       "vlan proto: 802.1ad");
	tap_ok(!parse_vlan_proto("802.1AD", &proto) && proto == 0x88a8,
	       "vlan proto: 802.1AD (any case)");
	proto = 0;
	tap_ok(parse_vlan_proto("802.1", &proto) && !proto,
	       "vlan proto: no abbreviation");
	tap_ok(parse_vlan_proto("0x8100", &proto) && !proto,
	       "vlan proto: no number");
	tap_ok(parse_vlan_proto("", &proto) && !proto, "vlan proto: empty");

	tap_ok(!parse_link_state("auto", &state) && state == VXFP_VF_LINK_AUTO,
	       "link state: auto");
	tap_ok(!parse_link_state("enable", &state) &&
	       state == VXFP_VF_LINK_ENABLE, "link state: enable");
	tap_ok(!parse_link_state("dis", &state) &&
	       state == VXFP_VF_LINK_DISABLE, "link state: dis(able)");
	tap_ok(!parse_link_state("a", &state) && state == VXFP_VF_LINK_AUTO,
	       "link state: a(uto)");
	state = 0xff;
	tap_ok(parse_link_state("up", &state) && state == 0xff,
	       "link state: up refused");
	tap_ok(parse_link_state("enabled", &state) && state == 0xff,
	       "link state: enabled refused");
	tap_ok(parse_link_state("", &state) && state == 0xff,
	       "link state: empty refused");

	tap_str(link_state_name(VXFP_VF_LINK_DISABLE), "disable",
		"link state name: disable");
	tap_ok(!link_state_name(3), "link state name: 3 unknown");
	tap_str(vlan_proto_name(0x88a8), "802.1ad", "vlan proto name: 802.1ad");
	tap_ok(!vlan_proto_name(0x0800), "vlan proto name: 0x0800 unknown");
	tap_str(drop_reason_name(VXFP_DROP_SPOOF), "spoof", "drop name: spoof");
	tap_str(drop_reason_name(VXFP_DROP_TOO_BIG), "too_big",
		"drop name: too_big");
	tap_ok(!drop_reason_name(VXFP_DROP_MAX + 1), "drop name: past the end");
}

/*
 * Run "vf set" argument parsing and checking on a copy of @line, which
 * a->sw points into until the next call. Returns 0, an exit code, or -1
 * for help.
 */
static int set_args(const char *line, struct vf_args *a)
{
	static char copy[256];
	char *argv[32];
	int argc, ret;

	snprintf(copy, sizeof(copy), "%s", line);
	argc = make_args(copy, argv, 32);
	quiet(true);
	ret = vf_parse_args("vf", argc, argv,
			    VF_SWITCH | VF_VF | VF_SETTINGS, a);
	if (!ret)
		ret = vf_check_set(a);
	quiet(false);
	return ret;
}

static void check_refused(const char *line)
{
	struct vf_args a;

	tap_ok(set_args(line, &a) == NLCTL_EXIT_USAGE,
	       "vf set: \"%s\" refused", line);
}

static void test_set_args(void)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	char copy[64], *argv[8];
	struct vf_args a;
	int argc;

	tap_ok(!set_args("switch sw0 vf 1 vlan 10", &a) &&
	       a.seen == (VF_SWITCH | VF_VF | VF_VLAN) &&
	       !strcmp(a.sw, "sw0") && a.vf == 1 && a.vlan == 10 &&
	       a.qos == 0 && a.proto == 0x8100,
	       "vf set: vlan alone, qos 0 and 802.1Q by default");
	tap_ok(!set_args("sw sw0 vf 63 vlan 4095 qos 7 proto 802.1ad", &a) &&
	       a.vf == 63 && a.vlan == 4095 && a.qos == 7 &&
	       a.proto == 0x88a8, "vf set: vlan, qos and proto, maxima");
	tap_ok(!set_args("switch sw0 vf 0 proto 802.1Q qos 3 vlan 0", &a) &&
	       a.vlan == 0 && a.qos == 3 && a.proto == 0x8100,
	       "vf set: qos and proto before vlan");
	check_refused("switch sw0 vf 0 qos 3");
	check_refused("switch sw0 vf 0 proto 802.1ad");
	check_refused("switch sw0 vf 0 qos 1 proto 802.1ad trust on");
	check_refused("switch sw0 vf 0 vlan 4096");
	check_refused("switch sw0 vf 0 vlan -1");
	check_refused("switch sw0 vf 0 vlan 0x10");
	check_refused("switch sw0 vf 0 vlan 10 qos 8");
	check_refused("switch sw0 vf 0 vlan 10 proto 802.1x");
	check_refused("switch sw0 vf 0 vlan 10 vlan 11");
	check_refused("switch sw0 vf 0 vlan");

	tap_ok(!set_args("switch sw0 vf 2 mac 02:00:00:00:00:01", &a) &&
	       a.seen == (VF_SWITCH | VF_VF | VF_MAC) &&
	       !memcmp(a.mac, mac, 6), "vf set: mac");
	tap_ok(!set_args("switch sw0 vf 2 mac 00:00:00:00:00:00", &a),
	       "vf set: all-zero mac (unset) accepted");
	check_refused("switch sw0 vf 0 mac 01:00:5e:00:00:01");
	check_refused("switch sw0 vf 0 mac ff:ff:ff:ff:ff:ff");
	check_refused("switch sw0 vf 0 mac 02:00:00:00:01");
	check_refused("switch sw0 vf 0 mac 2:0:0:0:0:1");

	tap_ok(!set_args("switch sw0 vf 0 spoofchk off trust on", &a) &&
	       !a.spoofchk && a.trust, "vf set: spoofchk off trust on");
	tap_ok(!set_args("switch sw0 vf 0 sp on t off", &a) &&
	       a.spoofchk && !a.trust, "vf set: abbreviated keywords");
	check_refused("switch sw0 vf 0 spoofchk yes");
	check_refused("switch sw0 vf 0 trust 1");
	check_refused("switch sw0 vf 0 trust o");
	tap_ok(!set_args("switch sw0 vf 0 state disable", &a) &&
	       a.seen == (VF_SWITCH | VF_VF | VF_STATE) &&
	       a.state == VXFP_VF_LINK_DISABLE, "vf set: state disable");
	check_refused("switch sw0 vf 0 state down");
	tap_ok(!set_args("switch sw0 vf 0 max_tx_rate 4294967295", &a) &&
	       a.rate == 4294967295U, "vf set: max_tx_rate u32 maximum");
	tap_ok(!set_args("switch sw0 vf 0 max 0", &a) && a.rate == 0 &&
	       (a.seen & VF_RATE), "vf set: max_tx_rate 0 (no limit)");
	check_refused("switch sw0 vf 0 max_tx_rate 4294967296");
	check_refused("switch sw0 vf 0 max_tx_rate -1");

	check_refused("switch sw0 vf 0");
	check_refused("vf 0 trust on");
	check_refused("switch sw0 trust on");
	check_refused("switch sw0 vf 64 trust on");
	check_refused("switch sw/0 vf 0 trust on");
	check_refused("switch sw0 vf 0 vf 1 trust on");
	check_refused("switch sw0 vf 0 bogus 1");
	tap_ok(set_args("switch sw0 vf 0 help", &a) == -1, "vf set: help");

	/* "vf show" takes only switch and vf. */
	snprintf(copy, sizeof(copy), "switch sw0 trust on");
	argc = make_args(copy, argv, 8);
	quiet(true);
	tap_ok(vf_parse_args("vf", argc, argv, VF_SWITCH | VF_VF, &a) ==
	       NLCTL_EXIT_USAGE, "vf show: settings refused");
	quiet(false);
	snprintf(copy, sizeof(copy), "switch sw0 vf 3");
	argc = make_args(copy, argv, 8);
	tap_ok(!vf_parse_args("vf", argc, argv, VF_SWITCH | VF_VF, &a) &&
	       a.seen == (VF_SWITCH | VF_VF) && a.vf == 3, "vf show: vf 3");
}

static void sample_port(struct vf_port *p)
{
	unsigned int i;

	memset(p, 0, sizeof(*p));
	strcpy(p->sw, "sw0");
	p->sw_id = 1;
	p->index = 0;
	p->flavour = VXFP_PORT_VF;
	p->ifindex = 7;
	strcpy(p->ifname, "sw0v0");
	strcpy(p->phys_name, "pf0vf0");
	memcpy(p->mac, (const uint8_t[]){ 0x02, 0, 0, 0, 0, 0x01 }, 6);
	p->vlan = 10;
	p->vlan_proto = 0x8100;
	p->spoofchk = true;
	p->has_stats = true;
	p->stats.rx_bytes = 1000;
	p->stats.rx_packets = 10;
	p->stats.tx_bytes = 18446744073709551615ULL;
	p->stats.tx_packets = 2;
	for (i = 0; i <= VXFP_DROP_MAX; i++)
		p->stats.drops[i] = i ? 0 : 3;
	p->stats.drops[VXFP_DROP_TOO_BIG] = 5;
}

typedef void (*print_fn)(const struct vf_port *p, bool stats);

static void print_one(bool json, const struct vf_port *p, print_fn fn,
		      bool stats)
{
	FILE *f = mem_open();

	print_start(f, json, false);
	open_json_object(NULL);
	fn(p, stats);
	print_text("\n");
	close_json_object();
	print_end();
	fclose(f);
}

static void vf_fn(const struct vf_port *p, bool stats)
{
	print_vf(p, stats);
}

static void rep_fn(const struct vf_port *p, bool stats)
{
	(void)stats;
	print_rep(p);
}

static void port_fn(const struct vf_port *p, bool stats)
{
	(void)stats;
	print_port(p);
}

static void stats_fn(const struct vf_port *p, bool stats)
{
	(void)stats;
	print_vf_stats(&p->stats);
}

static void test_printers(void)
{
	struct vf_port p;

	sample_port(&p);
	print_one(false, &p, stats_fn, true);
	tap_str(buf, "\n"
		"    RX: bytes packets\n"
		"    1000 10\n"
		"    TX: bytes packets\n"
		"    18446744073709551615 2\n"
		"    drops: spoof 3 vlan 0 link_down 0 rate 0 nomem 0 too_big 5\n",
		"stats: text block");
	print_one(true, &p, stats_fn, true);
	tap_str(buf, "{\"stats\":{\"rx\":{\"bytes\":1000,\"packets\":10},"
		"\"tx\":{\"bytes\":18446744073709551615,\"packets\":2},"
		"\"drops\":{\"spoof\":3,\"vlan\":0,\"link_down\":0,\"rate\":0,"
		"\"nomem\":0,\"too_big\":5}}}\n", "stats: json");

	print_one(false, &p, vf_fn, false);
	tap_str(buf, "sw0 vf 0: dev sw0v0 mac 02:00:00:00:00:01 vlan 10 qos 0 "
		"spoofchk on trust off link-state auto max_tx_rate 0\n",
		"vf: text, legacy, no stats");
	print_one(true, &p, vf_fn, false);
	tap_str(buf, "{\"switch\":\"sw0\",\"vf\":0,\"dev\":\"sw0v0\",\"ifindex\":7,"
		"\"phys_port_name\":\"pf0vf0\",\"rep\":null,"
		"\"mac\":\"02:00:00:00:00:01\",\"vlan\":10,\"qos\":0,"
		"\"vlan_proto\":\"802.1Q\",\"spoofchk\":true,\"trust\":false,"
		"\"link_state\":\"auto\",\"max_tx_rate\":0}\n",
		"vf: json, legacy, no stats");

	p.has_rep = true;
	p.rep_ifindex = 9;
	strcpy(p.rep, "sw0_0");
	p.has_netnsid = true;
	p.netnsid = 2;
	p.qos = 5;
	p.vlan_proto = 0x88a8;
	p.trust = true;
	p.link_state = VXFP_VF_LINK_DISABLE;
	p.max_tx_rate = 100;
	print_one(false, &p, vf_fn, true);
	tap_str(buf, "sw0 vf 0: dev sw0v0 mac 02:00:00:00:00:01 vlan 10 qos 5 "
		"proto 802.1ad spoofchk on trust on link-state disable "
		"max_tx_rate 100 rep sw0_0 netnsid 2\n"
		"    RX: bytes packets\n"
		"    1000 10\n"
		"    TX: bytes packets\n"
		"    18446744073709551615 2\n"
		"    drops: spoof 3 vlan 0 link_down 0 rate 0 nomem 0 too_big 5\n",
		"vf: text, rep, netnsid, 802.1ad, stats");
	print_one(true, &p, vf_fn, true);
	tap_str(buf, "{\"switch\":\"sw0\",\"vf\":0,\"dev\":\"sw0v0\",\"ifindex\":7,"
		"\"netnsid\":2,\"phys_port_name\":\"pf0vf0\",\"rep\":\"sw0_0\","
		"\"mac\":\"02:00:00:00:00:01\",\"vlan\":10,\"qos\":5,"
		"\"vlan_proto\":\"802.1ad\",\"spoofchk\":true,\"trust\":true,"
		"\"link_state\":\"disable\",\"max_tx_rate\":100,"
		"\"stats\":{\"rx\":{\"bytes\":1000,\"packets\":10},"
		"\"tx\":{\"bytes\":18446744073709551615,\"packets\":2},"
		"\"drops\":{\"spoof\":3,\"vlan\":0,\"link_down\":0,\"rate\":0,"
		"\"nomem\":0,\"too_big\":5}}}\n",
		"vf: json, rep, netnsid, 802.1ad, stats");

	p.vlan_proto = 0x0800;
	p.link_state = 7;
	p.netnsid = -1;
	p.has_stats = false;
	print_one(false, &p, vf_fn, true);
	tap_str(buf, "sw0 vf 0: dev sw0v0 mac 02:00:00:00:00:01 vlan 10 qos 5 "
		"proto 0x0800 spoofchk on trust on link-state unknown(7) "
		"max_tx_rate 100 rep sw0_0 netnsid unknown\n",
		"vf: text, unknown values");

	print_one(false, &p, rep_fn, false);
	tap_str(buf, "sw0 pf0vf0: rep sw0_0 vf sw0v0 netnsid unknown\n",
		"rep: text");
	p.has_netnsid = false;
	print_one(false, &p, rep_fn, false);
	tap_str(buf, "sw0 pf0vf0: rep sw0_0 vf sw0v0\n", "rep: text, no netnsid");
	print_one(true, &p, rep_fn, false);
	tap_str(buf, "{\"switch\":\"sw0\",\"phys_port_name\":\"pf0vf0\","
		"\"rep\":\"sw0_0\",\"rep_ifindex\":9,\"vf\":0,\"dev\":\"sw0v0\"}\n",
		"rep: json");

	print_one(false, &p, port_fn, false);
	tap_str(buf, "sw0 pf0vf0 vf dev sw0v0 rep sw0_0\n", "port: text, vf");
	print_one(true, &p, port_fn, false);
	tap_str(buf, "{\"switch\":\"sw0\",\"phys_port_name\":\"pf0vf0\","
		"\"flavour\":\"vf\",\"vf\":0,\"dev\":\"sw0v0\",\"ifindex\":7,"
		"\"rep\":\"sw0_0\"}\n", "port: json, vf");
	p.has_rep = false;
	print_one(true, &p, port_fn, false);
	tap_str(buf, "{\"switch\":\"sw0\",\"phys_port_name\":\"pf0vf0\","
		"\"flavour\":\"vf\",\"vf\":0,\"dev\":\"sw0v0\",\"ifindex\":7,"
		"\"rep\":null}\n", "port: json, vf without rep");

	memset(&p, 0, sizeof(p));
	strcpy(p.sw, "sw0");
	strcpy(p.phys_name, "p0");
	strcpy(p.ifname, "sw0");
	p.ifindex = 5;
	p.flavour = VXFP_PORT_PHYSICAL;
	print_one(false, &p, port_fn, false);
	tap_str(buf, "sw0 p0 physical dev sw0\n", "port: text, physical");
	print_one(true, &p, port_fn, false);
	tap_str(buf, "{\"switch\":\"sw0\",\"phys_port_name\":\"p0\","
		"\"flavour\":\"physical\",\"dev\":\"sw0\",\"ifindex\":5}\n",
		"port: json, physical");
}

void test_vf(void)
{
	test_words();
	test_set_args();
	test_printers();
	free(buf);
	buf = NULL;
}

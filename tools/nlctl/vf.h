/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlctl: VF ports, their arguments and their printers. What is here does
 * not need libnl (vfutil.c), so that the unit tests can use it; the
 * requests are in vf.c.
 */
#ifndef NLCTL_VF_H
#define NLCTL_VF_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/vxfp.h>

#define VF_ETH_ALEN		6
#define VF_MAC_STRLEN		18	/* "xx:xx:xx:xx:xx:xx" and NUL */
#define VF_IFNAMSIZ		16
#define VF_PHYS_NAMSIZ		32

#define VF_ETH_P_8021Q		0x8100
#define VF_ETH_P_8021AD		0x88a8

/* Keywords of "vf show" / "vf set" (also "port show", "rep show"). */
#define VF_SWITCH		(1U << 0)
#define VF_VF			(1U << 1)
#define VF_MAC			(1U << 2)
#define VF_VLAN			(1U << 3)
#define VF_QOS			(1U << 4)
#define VF_PROTO		(1U << 5)
#define VF_SPOOFCHK		(1U << 6)
#define VF_TRUST		(1U << 7)
#define VF_STATE		(1U << 8)
#define VF_RATE			(1U << 9)

/* Settings of "vf set": every keyword but "switch" and "vf". */
#define VF_SETTINGS		(VF_MAC | VF_VLAN | VF_QOS | VF_PROTO | \
				 VF_SPOOFCHK | VF_TRUST | VF_STATE | VF_RATE)

struct vf_args {
	unsigned int seen;	/* VF_* given */
	const char *sw;
	uint32_t vf;
	uint8_t mac[VF_ETH_ALEN];
	uint16_t vlan;
	uint8_t qos;
	uint16_t proto;		/* host order */
	bool spoofchk;
	bool trust;
	uint8_t state;		/* enum vxfp_vf_link_state */
	uint32_t rate;
};

struct vf_stats {
	uint64_t rx_bytes, rx_packets;
	uint64_t tx_bytes, tx_packets;
	uint64_t drops[VXFP_DROP_MAX + 1];	/* by enum vxfp_drop_reason */
};

/* A port, as VXFP_CMD_PORT_GET and the PORT_* notifications describe it. */
struct vf_port {
	char sw[VXFP_NAME_LEN];
	uint32_t sw_id;
	uint32_t index;
	uint8_t flavour;		/* enum vxfp_port_flavour */
	uint32_t ifindex;
	char ifname[VF_IFNAMSIZ];
	bool has_netnsid;
	int32_t netnsid;
	char phys_name[VF_PHYS_NAMSIZ];
	bool has_rep;
	uint32_t rep_ifindex;
	char rep[VF_IFNAMSIZ];
	uint8_t mac[VF_ETH_ALEN];
	uint16_t vlan;
	uint8_t qos;
	uint16_t vlan_proto;		/* host order */
	bool spoofchk;
	bool trust;
	uint8_t link_state;		/* enum vxfp_vf_link_state */
	uint32_t max_tx_rate;
	bool has_stats;
	struct vf_stats stats;
};

int parse_vlan_proto(const char *arg, uint16_t *proto);
int parse_link_state(const char *arg, uint8_t *state);
int vf_parse_args(const char *object, int argc, char **argv,
		  unsigned int allowed, struct vf_args *a);
int vf_check_set(const struct vf_args *a);

const char *drop_reason_name(unsigned int reason);
const char *link_state_name(uint8_t state);
const char *vlan_proto_name(uint16_t proto);
void format_mac(const uint8_t *mac, char *buf);

/* vf.c: a port message (reply or event); errors printed, exit code. */
struct nlattr;
int vf_port_parse(struct nlattr **tb, struct vf_port *p);

void print_vf_stats(const struct vf_stats *st);
void print_vf(const struct vf_port *p, bool stats);
void print_rep(const struct vf_port *p);
void print_port(const struct vf_port *p);

#endif /* NLCTL_VF_H */

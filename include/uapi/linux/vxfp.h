/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR MIT) */
/*
 * vxfp: a software eSwitch with a VXLAN offload fast path.
 *
 * The generic-netlink interface shared by the kernel module and nlctl.
 *
 * Conventions, as for other generic-netlink families:
 *  - Every request is strictly validated; unknown attributes are refused.
 *  - Mutating commands need CAP_NET_ADMIN in the user namespace that owns
 *    the network namespace of the requesting socket.
 *  - Objects are looked up in the requester's network namespace only.
 *  - Numeric attributes are in host byte order unless stated otherwise.
 */
#ifndef _UAPI_LINUX_VXFP_H
#define _UAPI_LINUX_VXFP_H

#include <linux/types.h>

#define VXFP_GENL_NAME		"vxfp"
#define VXFP_GENL_VERSION	1
#define VXFP_MCGRP_MONITOR	"monitor"

/* Longest switch name, terminating NUL included (as IFNAMSIZ). */
#define VXFP_NAME_LEN		16
/* Most VFs a switch can have. */
#define VXFP_MAX_VFS		64

/**
 * enum vxfp_cmd - generic-netlink commands of the "vxfp" family
 * @VXFP_CMD_INFO_GET: module version and feature bits (read-only).
 * @VXFP_CMD_SWITCH_GET: one switch (by name or id), or dump all of the
 *	requester's network namespace.
 * @VXFP_CMD_SWITCH_NEW: create a switch over an uplink netdev; needs
 *	%VXFP_A_SWITCH_NAME and %VXFP_A_UPLINK_IFINDEX, takes
 *	%VXFP_A_NUM_VFS and %VXFP_A_ESWITCH_MODE. Also the notification sent
 *	to the monitor group.
 * @VXFP_CMD_SWITCH_DEL: delete a switch, named by %VXFP_A_SWITCH_NAME or
 *	%VXFP_A_SWITCH_ID, and everything it owns; also a notification.
 * @VXFP_CMD_SWITCH_SET: change a switch's %VXFP_A_ESWITCH_MODE (as
 *	`devlink dev eswitch set` does); also the notification of a mode
 *	change, whoever made it.
 * @VXFP_CMD_PORT_GET: one VF port of a switch (switch, %VXFP_A_PORT_INDEX),
 *	or dump the VF ports of the switch named, or of every switch of the
 *	requester's network namespace.
 * @VXFP_CMD_PORT_SET: configure a VF port, as `ip link set PF vf N ...`
 *	does: any of %VXFP_A_VF_MAC, %VXFP_A_VF_VLAN (with %VXFP_A_VF_QOS and
 *	%VXFP_A_VF_VLAN_PROTO), %VXFP_A_VF_SPOOFCHK, %VXFP_A_VF_TRUST,
 *	%VXFP_A_VF_LINK_STATE, %VXFP_A_VF_MAX_TX_RATE.
 * @VXFP_CMD_PORT_NEW: notification only: a representor appeared.
 * @VXFP_CMD_PORT_DEL: notification only: a representor went away.
 * @VXFP_CMD_FLOW_GET: one flow of a switch's fast path (switch,
 *	%VXFP_A_FLOW with its %VXFP_FLOW_A_COOKIE), or dump the flows of the
 *	switch named, or of every switch of the requester's network namespace.
 * @VXFP_CMD_FLOW_NEW: install flows in a switch's fast path: one or more
 *	%VXFP_A_FLOW nests, each with %VXFP_FLOW_A_COOKIE, %VXFP_FLOW_A_KEY and
 *	%VXFP_FLOW_A_ACTIONS, and optionally %VXFP_FLOW_A_MASK and
 *	%VXFP_FLOW_A_PRIORITY. All or none are installed. A cookie already in
 *	use is an error (-EEXIST) unless %VXFP_A_FLOW_REPLACE is given, which
 *	replaces that flow. The switch must be in switchdev mode.
 * @VXFP_CMD_FLOW_DEL: remove flows, each a %VXFP_A_FLOW nest with its
 *	%VXFP_FLOW_A_COOKIE; all or, if one is unknown (-ENOENT), none.
 * @VXFP_CMD_FLOW_FLUSH: remove every flow of a switch.
 */
enum vxfp_cmd {
	VXFP_CMD_UNSPEC,
	VXFP_CMD_INFO_GET,
	VXFP_CMD_SWITCH_GET,
	VXFP_CMD_SWITCH_NEW,
	VXFP_CMD_SWITCH_DEL,
	VXFP_CMD_SWITCH_SET,
	VXFP_CMD_PORT_GET,
	VXFP_CMD_PORT_SET,
	VXFP_CMD_PORT_NEW,
	VXFP_CMD_PORT_DEL,
	VXFP_CMD_FLOW_GET,
	VXFP_CMD_FLOW_NEW,
	VXFP_CMD_FLOW_DEL,
	VXFP_CMD_FLOW_FLUSH,

	__VXFP_CMD_MAX,
	VXFP_CMD_MAX = __VXFP_CMD_MAX - 1
};

/**
 * enum vxfp_attr - top-level attributes
 * @VXFP_A_PAD: padding for 64-bit attributes.
 * @VXFP_A_VERSION: string, the module's version.
 * @VXFP_A_FEATURES: u64, bitmask of VXFP_F_* bits.
 * @VXFP_A_GENL_VERSION: u32, the interface version (VXFP_GENL_VERSION).
 * @VXFP_A_MAX_VFS: u32, most VFs a switch can have.
 * @VXFP_A_SWITCH_ID: u32, a switch's id, from 1, unique while the module is
 *	loaded.
 * @VXFP_A_SWITCH_NAME: string, a switch's name (also its PF netdev's name).
 * @VXFP_A_UPLINK_IFINDEX: u32, the uplink netdev, in the requester's netns.
 * @VXFP_A_PF_IFINDEX: u32, the switch's PF netdev.
 * @VXFP_A_NUM_VFS: u32, the number of VFs.
 * @VXFP_A_ESWITCH_MODE: u8, enum vxfp_eswitch_mode.
 * @VXFP_A_PORT_INDEX: u32, a VF's number in its switch, from 0.
 * @VXFP_A_PORT_FLAVOUR: u8, enum vxfp_port_flavour.
 * @VXFP_A_PORT_IFINDEX: u32, the VF netdev's ifindex, in its own netns.
 * @VXFP_A_PORT_IFNAME: string, the VF netdev's name.
 * @VXFP_A_PORT_NETNSID: s32, the VF netdev's netns as the requester's
 *	netns knows it (a netnsid), only when it is in another one.
 * @VXFP_A_PORT_PHYS_NAME: string, the port's phys_port_name ("pf0vfN").
 * @VXFP_A_REP_IFINDEX: u32, the representor netdev (switchdev mode only).
 * @VXFP_A_REP_IFNAME: string, the representor's name.
 * @VXFP_A_VF_MAC: binary (6 bytes), the VF's MAC; all zeroes: unset.
 * @VXFP_A_VF_VLAN: u16, the VF's port VLAN, 0 for none.
 * @VXFP_A_VF_QOS: u8, the 802.1p priority of the port VLAN, 0..7.
 * @VXFP_A_VF_VLAN_PROTO: u16, ETH_P_8021Q (default) or ETH_P_8021AD.
 * @VXFP_A_VF_SPOOFCHK: u8, 1: drop what the VF sends from another MAC.
 * @VXFP_A_VF_TRUST: u8, 1: the VF may change its MAC and go promiscuous.
 * @VXFP_A_VF_LINK_STATE: u8, enum vxfp_vf_link_state.
 * @VXFP_A_VF_MAX_TX_RATE: u32, Mbit/s the VF may send, 0 for no limit.
 * @VXFP_A_PORT_STATS: nest of enum vxfp_port_stats, the port's counters.
 * @VXFP_A_FLOW: nest of enum vxfp_flow_attr, one flow; may repeat in
 *	%VXFP_CMD_FLOW_NEW and %VXFP_CMD_FLOW_DEL.
 * @VXFP_A_SWITCH_STATS: nest of enum vxfp_switch_stats, the counters of a
 *	switch's fast path (in %VXFP_CMD_SWITCH_GET replies).
 * @VXFP_A_FLOW_REPLACE: flag, in %VXFP_CMD_FLOW_NEW: a flow replaces the
 *	one with its cookie, if any. (Generic netlink takes no NLM_F_REPLACE.)
 */
enum vxfp_attr {
	VXFP_A_UNSPEC,
	VXFP_A_PAD,
	VXFP_A_VERSION,
	VXFP_A_FEATURES,
	VXFP_A_GENL_VERSION,
	VXFP_A_MAX_VFS,
	VXFP_A_SWITCH_ID,
	VXFP_A_SWITCH_NAME,
	VXFP_A_UPLINK_IFINDEX,
	VXFP_A_PF_IFINDEX,
	VXFP_A_NUM_VFS,
	VXFP_A_ESWITCH_MODE,
	VXFP_A_PORT_INDEX,
	VXFP_A_PORT_FLAVOUR,
	VXFP_A_PORT_IFINDEX,
	VXFP_A_PORT_IFNAME,
	VXFP_A_PORT_NETNSID,
	VXFP_A_PORT_PHYS_NAME,
	VXFP_A_REP_IFINDEX,
	VXFP_A_REP_IFNAME,
	VXFP_A_VF_MAC,
	VXFP_A_VF_VLAN,
	VXFP_A_VF_QOS,
	VXFP_A_VF_VLAN_PROTO,
	VXFP_A_VF_SPOOFCHK,
	VXFP_A_VF_TRUST,
	VXFP_A_VF_LINK_STATE,
	VXFP_A_VF_MAX_TX_RATE,
	VXFP_A_PORT_STATS,
	VXFP_A_FLOW,
	VXFP_A_SWITCH_STATS,
	VXFP_A_FLOW_REPLACE,

	__VXFP_A_MAX,
	VXFP_A_MAX = __VXFP_A_MAX - 1
};

/**
 * enum vxfp_eswitch_mode - how a switch forwards
 * @VXFP_ESWITCH_LEGACY: MAC/VLAN switching between PF, VFs and the wire.
 * @VXFP_ESWITCH_SWITCHDEV: every VF has a representor; flows decide.
 */
enum vxfp_eswitch_mode {
	VXFP_ESWITCH_LEGACY,
	VXFP_ESWITCH_SWITCHDEV,
};

/**
 * enum vxfp_port_flavour - what a port of a switch is
 * @VXFP_PORT_PHYSICAL: the uplink, whose host side is the PF netdev.
 * @VXFP_PORT_VF: a VF.
 */
enum vxfp_port_flavour {
	VXFP_PORT_PHYSICAL,
	VXFP_PORT_VF,
};

/**
 * enum vxfp_vf_link_state - a VF's link, as the PF sets it
 * @VXFP_VF_LINK_AUTO: follows the uplink's carrier.
 * @VXFP_VF_LINK_ENABLE: always up.
 * @VXFP_VF_LINK_DISABLE: always down; nothing passes.
 *
 * The values are those of IFLA_VF_LINK_STATE_*.
 */
enum vxfp_vf_link_state {
	VXFP_VF_LINK_AUTO,
	VXFP_VF_LINK_ENABLE,
	VXFP_VF_LINK_DISABLE,
};

/**
 * enum vxfp_drop_reason - why a switch port dropped a packet
 * @VXFP_DROP_SPOOF: a VF sent from a MAC not its own, spoof check on.
 * @VXFP_DROP_VLAN: a VF on a port VLAN sent a tagged frame.
 * @VXFP_DROP_LINK_DOWN: the VF's link is disabled, or the port the packet
 *	was for is down.
 * @VXFP_DROP_RATE: over the VF's max_tx_rate.
 * @VXFP_DROP_NOMEM: no memory for a copy (broadcast, multicast).
 * @VXFP_DROP_TOO_BIG: larger than the MTU of the port it was for.
 */
enum vxfp_drop_reason {
	VXFP_DROP_SPOOF,
	VXFP_DROP_VLAN,
	VXFP_DROP_LINK_DOWN,
	VXFP_DROP_RATE,
	VXFP_DROP_NOMEM,
	VXFP_DROP_TOO_BIG,

	__VXFP_DROP_MAX,
	VXFP_DROP_MAX = __VXFP_DROP_MAX - 1
};

/**
 * enum vxfp_port_stats - counters of a port, in %VXFP_A_PORT_STATS
 * @VXFP_PORT_STATS_PAD: padding.
 * @VXFP_PORT_STATS_RX_PACKETS: u64, packets the switch delivered to the VF.
 * @VXFP_PORT_STATS_RX_BYTES: u64, their bytes.
 * @VXFP_PORT_STATS_TX_PACKETS: u64, packets the VF sent into the switch.
 * @VXFP_PORT_STATS_TX_BYTES: u64, their bytes.
 * @VXFP_PORT_STATS_DROPS: nest of u64 counters, one per enum
 *	vxfp_drop_reason, each of attribute type reason + 1.
 */
enum vxfp_port_stats {
	VXFP_PORT_STATS_UNSPEC,
	VXFP_PORT_STATS_PAD,
	VXFP_PORT_STATS_RX_PACKETS,
	VXFP_PORT_STATS_RX_BYTES,
	VXFP_PORT_STATS_TX_PACKETS,
	VXFP_PORT_STATS_TX_BYTES,
	VXFP_PORT_STATS_DROPS,

	__VXFP_PORT_STATS_MAX,
	VXFP_PORT_STATS_MAX = __VXFP_PORT_STATS_MAX - 1
};

/*
 * Port ids, in %VXFP_KEY_A_IN_PORT and %VXFP_ACT_A_OUTPUT: a VF by its
 * index (from 0), its representor, the uplink (the wire) and the PF (the
 * host's stack, as if received by the PF netdev). In %VXFP_ACT_A_OUTPUT
 * only, a netdev of the switch's network namespace by its ifindex (from 1
 * to 0x7ffffffd), as if received by it as PACKET_HOST: an Open vSwitch
 * internal port, as tc's skbedit ptype host and mirred ingress do.
 */
#define VXFP_PORT_ID_VF(n)	((__u32)(n))
#define VXFP_PORT_ID_REP(n)	(0x10000U | (__u32)(n))
#define VXFP_PORT_ID_HOST(ifindex)	(0x80000000U | (__u32)(ifindex))
#define VXFP_PORT_ID_UPLINK	0xffffffffU
#define VXFP_PORT_ID_PF		0xfffffffeU
#define VXFP_PORT_ID_IS_HOST(p)	\
	((__u32)((p) - VXFP_PORT_ID_HOST(1)) < VXFP_PORT_ID_PF - VXFP_PORT_ID_HOST(1))
#define VXFP_PORT_ID_IFINDEX(p)	((p) & 0x7fffffffU)

/* Most actions a flow may have. */
#define VXFP_FLOW_MAX_ACTIONS	32
/* Most flows in one %VXFP_CMD_FLOW_NEW or %VXFP_CMD_FLOW_DEL request. */
#define VXFP_FLOW_MAX_BATCH	4096

/**
 * enum vxfp_flow_attr - attributes of a flow, in %VXFP_A_FLOW
 * @VXFP_FLOW_A_PAD: padding.
 * @VXFP_FLOW_A_COOKIE: u64, the flow's identity in its switch (tc's
 *	cookie, OVS's UFID); chosen by who installs it.
 * @VXFP_FLOW_A_PRIORITY: u32, lower value wins among flows that match,
 *	as tc's priorities; 0 (the default) is the highest.
 * @VXFP_FLOW_A_KEY: nest of enum vxfp_key_attr, the values matched.
 * @VXFP_FLOW_A_MASK: nest of enum vxfp_key_attr, the bits of each value
 *	that matter. A field in the key and not in the mask is matched
 *	exactly; a field in neither is not matched. Key bits outside the
 *	mask are an error.
 * @VXFP_FLOW_A_ACTIONS: nest of enum vxfp_action_attr, run in order.
 * @VXFP_FLOW_A_STATS: nest of enum vxfp_flow_stats_attr (replies only).
 */
enum vxfp_flow_attr {
	VXFP_FLOW_A_UNSPEC,
	VXFP_FLOW_A_PAD,
	VXFP_FLOW_A_COOKIE,
	VXFP_FLOW_A_PRIORITY,
	VXFP_FLOW_A_KEY,
	VXFP_FLOW_A_MASK,
	VXFP_FLOW_A_ACTIONS,
	VXFP_FLOW_A_STATS,

	__VXFP_FLOW_A_MAX,
	VXFP_FLOW_A_MAX = __VXFP_FLOW_A_MAX - 1
};

/* %VXFP_KEY_A_IP_FRAG bits */
#define VXFP_FRAG_IS		(1U << 0)	/* a fragment */
#define VXFP_FRAG_LATER		(1U << 1)	/* a fragment, not the first */

/**
 * enum vxfp_key_attr - fields of a flow key or mask
 * @VXFP_KEY_A_IN_PORT: u32, port id the packet came from: a VF or the
 *	uplink (VXFP_PORT_ID_*).
 * @VXFP_KEY_A_CHAIN: u32, the chain (goto chain), 0 where packets start.
 * @VXFP_KEY_A_ETH_DST: binary (6 bytes), destination MAC.
 * @VXFP_KEY_A_ETH_SRC: binary (6 bytes), source MAC.
 * @VXFP_KEY_A_ETH_TYPE: u16, the ethertype after any VLAN tags.
 * @VXFP_KEY_A_VLAN_ID: u16, the outer VLAN tag's id.
 * @VXFP_KEY_A_VLAN_PRIO: u8, its priority (PCP).
 * @VXFP_KEY_A_VLAN_TPID: u16, its TPID (0x8100, 0x88a8); 0 for untagged
 *	packets. Implied exact 0x8100 when %VXFP_KEY_A_VLAN_ID or
 *	%VXFP_KEY_A_VLAN_PRIO is in the key and this is not.
 * @VXFP_KEY_A_CVLAN_ID: u16, the inner (customer) VLAN tag's id.
 * @VXFP_KEY_A_CVLAN_PRIO: u8, its priority.
 * @VXFP_KEY_A_IP_PROTO: u8, IP protocol (IPv4) or next header (IPv6).
 * @VXFP_KEY_A_IP_TOS: u8, TOS (IPv4) or traffic class (IPv6): DSCP and ECN.
 * @VXFP_KEY_A_IP_TTL: u8, TTL or hop limit.
 * @VXFP_KEY_A_IP_FRAG: u8, VXFP_FRAG_* bits.
 * @VXFP_KEY_A_IPV4_SRC: binary (4 bytes, network order), source address.
 * @VXFP_KEY_A_IPV4_DST: binary (4 bytes), destination address.
 * @VXFP_KEY_A_IPV6_SRC: binary (16 bytes), source address.
 * @VXFP_KEY_A_IPV6_DST: binary (16 bytes), destination address.
 * @VXFP_KEY_A_TP_SRC: u16, TCP/UDP/SCTP source port.
 * @VXFP_KEY_A_TP_DST: u16, TCP/UDP/SCTP destination port.
 * @VXFP_KEY_A_TCP_FLAGS: u16, TCP flags (the low 12 bits).
 * @VXFP_KEY_A_ICMP_TYPE: u8, ICMP or ICMPv6 type.
 * @VXFP_KEY_A_ICMP_CODE: u8, ICMP or ICMPv6 code.
 * @VXFP_KEY_A_ARP_OP: u16, ARP opcode.
 * @VXFP_KEY_A_ARP_SIP: binary (4 bytes), ARP sender protocol address.
 * @VXFP_KEY_A_ARP_TIP: binary (4 bytes), ARP target protocol address.
 * @VXFP_KEY_A_ARP_SHA: binary (6 bytes), ARP sender hardware address.
 * @VXFP_KEY_A_ARP_THA: binary (6 bytes), ARP target hardware address.
 * @VXFP_KEY_A_TUN_ID: u32, VXLAN network identifier (24 bits) of the
 *	tunnel the packet came in by. Tunnel fields need in_port uplink.
 * @VXFP_KEY_A_TUN_IPV4_SRC: binary (4 bytes), outer source address.
 * @VXFP_KEY_A_TUN_IPV4_DST: binary (4 bytes), outer destination address.
 * @VXFP_KEY_A_TUN_IPV6_SRC: binary (16 bytes), outer source address.
 * @VXFP_KEY_A_TUN_IPV6_DST: binary (16 bytes), outer destination address.
 * @VXFP_KEY_A_TUN_DST_PORT: u16, outer UDP destination port; must be
 *	exact, it tells the switch which UDP port carries VXLAN.
 * @VXFP_KEY_A_TUN_TOS: u8, outer TOS or traffic class.
 * @VXFP_KEY_A_TUN_TTL: u8, outer TTL or hop limit.
 *
 * Fields need what they depend on, matched exactly: L3 fields the
 * ethertype they belong to (IPv4, IPv6, ARP), L4 fields the IP protocol,
 * tunnel fields the uplink as in_port and %VXFP_KEY_A_TUN_DST_PORT.
 */
enum vxfp_key_attr {
	VXFP_KEY_A_UNSPEC,
	VXFP_KEY_A_IN_PORT,
	VXFP_KEY_A_CHAIN,
	VXFP_KEY_A_ETH_DST,
	VXFP_KEY_A_ETH_SRC,
	VXFP_KEY_A_ETH_TYPE,
	VXFP_KEY_A_VLAN_ID,
	VXFP_KEY_A_VLAN_PRIO,
	VXFP_KEY_A_VLAN_TPID,
	VXFP_KEY_A_CVLAN_ID,
	VXFP_KEY_A_CVLAN_PRIO,
	VXFP_KEY_A_IP_PROTO,
	VXFP_KEY_A_IP_TOS,
	VXFP_KEY_A_IP_TTL,
	VXFP_KEY_A_IP_FRAG,
	VXFP_KEY_A_IPV4_SRC,
	VXFP_KEY_A_IPV4_DST,
	VXFP_KEY_A_IPV6_SRC,
	VXFP_KEY_A_IPV6_DST,
	VXFP_KEY_A_TP_SRC,
	VXFP_KEY_A_TP_DST,
	VXFP_KEY_A_TCP_FLAGS,
	VXFP_KEY_A_ICMP_TYPE,
	VXFP_KEY_A_ICMP_CODE,
	VXFP_KEY_A_ARP_OP,
	VXFP_KEY_A_ARP_SIP,
	VXFP_KEY_A_ARP_TIP,
	VXFP_KEY_A_ARP_SHA,
	VXFP_KEY_A_ARP_THA,
	VXFP_KEY_A_TUN_ID,
	VXFP_KEY_A_TUN_IPV4_SRC,
	VXFP_KEY_A_TUN_IPV4_DST,
	VXFP_KEY_A_TUN_IPV6_SRC,
	VXFP_KEY_A_TUN_IPV6_DST,
	VXFP_KEY_A_TUN_DST_PORT,
	VXFP_KEY_A_TUN_TOS,
	VXFP_KEY_A_TUN_TTL,

	__VXFP_KEY_A_MAX,
	VXFP_KEY_A_MAX = __VXFP_KEY_A_MAX - 1
};

/**
 * enum vxfp_action_attr - the actions of a flow, in %VXFP_FLOW_A_ACTIONS
 * @VXFP_ACT_A_OUTPUT: u32, send to a port (VXFP_PORT_ID_*); a copy when
 *	more actions follow (a mirror), the packet itself when last.
 * @VXFP_ACT_A_DROP: flag, drop the packet; must be last.
 * @VXFP_ACT_A_TRAP: flag, give the packet to the slow path (the
 *	representor of the VF it came from, or the PF); must be last.
 * @VXFP_ACT_A_ENCAP: nest of enum vxfp_encap_attr, put the packet in a
 *	VXLAN tunnel; an output to the uplink follows.
 * @VXFP_ACT_A_DECAP: flag, take the packet out of the VXLAN tunnel it
 *	came in by (the flow must match a tunnel).
 * @VXFP_ACT_A_VLAN_PUSH: nest of enum vxfp_vlan_attr, push a VLAN tag.
 * @VXFP_ACT_A_VLAN_POP: flag, pop the outer VLAN tag.
 * @VXFP_ACT_A_VLAN_MODIFY: nest of enum vxfp_vlan_attr, change the outer
 *	tag's id and/or priority.
 * @VXFP_ACT_A_SET_ETH_SRC: binary (6 bytes), rewrite the source MAC.
 * @VXFP_ACT_A_SET_ETH_DST: binary (6 bytes), rewrite the destination MAC.
 * @VXFP_ACT_A_DEC_TTL: flag, decrement the IPv4 TTL or IPv6 hop limit;
 *	the packet goes to the slow path if it would reach 0.
 * @VXFP_ACT_A_SET_TTL: u8, set the IPv4 TTL or IPv6 hop limit.
 * @VXFP_ACT_A_SET_DSCP: u8 (0..63), set the DSCP, keeping ECN.
 * @VXFP_ACT_A_MANGLE: nest of enum vxfp_mangle_attr, rewrite bits of a
 *	32-bit word of a header (as tc pedit); checksums are fixed up.
 * @VXFP_ACT_A_GOTO_CHAIN: u32, match the packet again in that chain,
 *	which must be higher than the flow's own; must be last.
 */
enum vxfp_action_attr {
	VXFP_ACT_A_UNSPEC,
	VXFP_ACT_A_OUTPUT,
	VXFP_ACT_A_DROP,
	VXFP_ACT_A_TRAP,
	VXFP_ACT_A_ENCAP,
	VXFP_ACT_A_DECAP,
	VXFP_ACT_A_VLAN_PUSH,
	VXFP_ACT_A_VLAN_POP,
	VXFP_ACT_A_VLAN_MODIFY,
	VXFP_ACT_A_SET_ETH_SRC,
	VXFP_ACT_A_SET_ETH_DST,
	VXFP_ACT_A_DEC_TTL,
	VXFP_ACT_A_SET_TTL,
	VXFP_ACT_A_SET_DSCP,
	VXFP_ACT_A_MANGLE,
	VXFP_ACT_A_GOTO_CHAIN,

	__VXFP_ACT_A_MAX,
	VXFP_ACT_A_MAX = __VXFP_ACT_A_MAX - 1
};

/**
 * enum vxfp_encap_attr - a VXLAN encapsulation, in %VXFP_ACT_A_ENCAP
 * @VXFP_ENCAP_A_ID: u32, the VNI (24 bits); required.
 * @VXFP_ENCAP_A_IPV4_SRC: binary (4 bytes), outer source; 0.0.0.0 or
 *	absent: the one the route to the destination gives.
 * @VXFP_ENCAP_A_IPV4_DST: binary (4 bytes), outer destination.
 * @VXFP_ENCAP_A_IPV6_SRC: binary (16 bytes), outer source, as above.
 * @VXFP_ENCAP_A_IPV6_DST: binary (16 bytes), outer destination.
 * @VXFP_ENCAP_A_DST_PORT: u16, UDP destination port (default 4789).
 * @VXFP_ENCAP_A_TOS: u8, outer TOS / traffic class (default 0).
 * @VXFP_ENCAP_A_TTL: u8, outer TTL / hop limit (default 0: the route's).
 * @VXFP_ENCAP_A_CSUM: u8, 1 (default): outer UDP checksum; 0: none (IPv4)
 *	or zero (IPv6, RFC 6935).
 *
 * Exactly one destination, IPv4 or IPv6; a source of the same family.
 */
enum vxfp_encap_attr {
	VXFP_ENCAP_A_UNSPEC,
	VXFP_ENCAP_A_ID,
	VXFP_ENCAP_A_IPV4_SRC,
	VXFP_ENCAP_A_IPV4_DST,
	VXFP_ENCAP_A_IPV6_SRC,
	VXFP_ENCAP_A_IPV6_DST,
	VXFP_ENCAP_A_DST_PORT,
	VXFP_ENCAP_A_TOS,
	VXFP_ENCAP_A_TTL,
	VXFP_ENCAP_A_CSUM,

	__VXFP_ENCAP_A_MAX,
	VXFP_ENCAP_A_MAX = __VXFP_ENCAP_A_MAX - 1
};

/**
 * enum vxfp_vlan_attr - a VLAN tag, in %VXFP_ACT_A_VLAN_PUSH and
 *	%VXFP_ACT_A_VLAN_MODIFY
 * @VXFP_VLAN_A_ID: u16, the VLAN id (1..4094); required to push.
 * @VXFP_VLAN_A_PRIO: u8, the priority (0..7), default 0.
 * @VXFP_VLAN_A_TPID: u16, 0x8100 (default) or 0x88a8; push only.
 */
enum vxfp_vlan_attr {
	VXFP_VLAN_A_UNSPEC,
	VXFP_VLAN_A_ID,
	VXFP_VLAN_A_PRIO,
	VXFP_VLAN_A_TPID,

	__VXFP_VLAN_A_MAX,
	VXFP_VLAN_A_MAX = __VXFP_VLAN_A_MAX - 1
};

/**
 * enum vxfp_mangle_hdr - the header a %VXFP_ACT_A_MANGLE rewrites
 * @VXFP_MANGLE_ETH: the Ethernet header (MACs only).
 * @VXFP_MANGLE_IP4: the IPv4 header.
 * @VXFP_MANGLE_IP6: the IPv6 header.
 * @VXFP_MANGLE_TCP: the TCP header.
 * @VXFP_MANGLE_UDP: the UDP header.
 */
enum vxfp_mangle_hdr {
	VXFP_MANGLE_ETH,
	VXFP_MANGLE_IP4,
	VXFP_MANGLE_IP6,
	VXFP_MANGLE_TCP,
	VXFP_MANGLE_UDP,
};

/**
 * enum vxfp_mangle_attr - a header rewrite, in %VXFP_ACT_A_MANGLE
 * @VXFP_MANGLE_A_HDR: u8, enum vxfp_mangle_hdr.
 * @VXFP_MANGLE_A_OFFSET: u32, byte offset of the word in the header, a
 *	multiple of 4.
 * @VXFP_MANGLE_A_MASK: u32, the bits to write, of the word as read in
 *	network byte order: 0xff000000 at offset 8 of an IPv4 header is its
 *	TTL. Checksum fields and lengths cannot be written.
 * @VXFP_MANGLE_A_VALUE: u32, their new value; bits outside the mask are
 *	an error.
 */
enum vxfp_mangle_attr {
	VXFP_MANGLE_A_UNSPEC,
	VXFP_MANGLE_A_HDR,
	VXFP_MANGLE_A_OFFSET,
	VXFP_MANGLE_A_MASK,
	VXFP_MANGLE_A_VALUE,

	__VXFP_MANGLE_A_MAX,
	VXFP_MANGLE_A_MAX = __VXFP_MANGLE_A_MAX - 1
};

/**
 * enum vxfp_flow_stats_attr - counters of a flow, in %VXFP_FLOW_A_STATS
 * @VXFP_FLOW_STATS_PAD: padding.
 * @VXFP_FLOW_STATS_PACKETS: u64, packets that took the flow.
 * @VXFP_FLOW_STATS_BYTES: u64, their bytes (as received, before actions).
 * @VXFP_FLOW_STATS_USED: u64, milliseconds since a packet last took the
 *	flow; absent if none ever did.
 * @VXFP_FLOW_STATS_AGE: u64, milliseconds since the flow was installed.
 */
enum vxfp_flow_stats_attr {
	VXFP_FLOW_STATS_UNSPEC,
	VXFP_FLOW_STATS_PAD,
	VXFP_FLOW_STATS_PACKETS,
	VXFP_FLOW_STATS_BYTES,
	VXFP_FLOW_STATS_USED,
	VXFP_FLOW_STATS_AGE,

	__VXFP_FLOW_STATS_MAX,
	VXFP_FLOW_STATS_MAX = __VXFP_FLOW_STATS_MAX - 1
};

/**
 * enum vxfp_fp_drop_reason - why the fast path dropped a packet
 * @VXFP_FP_DROP_ACTION: a flow said drop.
 * @VXFP_FP_DROP_TOO_BIG: larger than the MTU of where it was going (after
 *	encapsulation, of the uplink).
 * @VXFP_FP_DROP_NOMEM: no memory for a copy, more headroom or a header.
 * @VXFP_FP_DROP_LINK_DOWN: the port it was for is down or gone.
 * @VXFP_FP_DROP_LOOP: too many goto chain steps.
 * @VXFP_FP_DROP_MALFORMED: the headers an action needed were not there,
 *	or a bad tunnel header.
 */
enum vxfp_fp_drop_reason {
	VXFP_FP_DROP_ACTION,
	VXFP_FP_DROP_TOO_BIG,
	VXFP_FP_DROP_NOMEM,
	VXFP_FP_DROP_LINK_DOWN,
	VXFP_FP_DROP_LOOP,
	VXFP_FP_DROP_MALFORMED,

	__VXFP_FP_DROP_MAX,
	VXFP_FP_DROP_MAX = __VXFP_FP_DROP_MAX - 1
};

/**
 * enum vxfp_switch_stats - counters of a switch's fast path, in
 *	%VXFP_A_SWITCH_STATS
 * @VXFP_SW_STATS_PAD: padding.
 * @VXFP_SW_STATS_FLOWS: u32, flows installed.
 * @VXFP_SW_STATS_MASKS: u32, distinct masks among them.
 * @VXFP_SW_STATS_HITS: u64, packets that matched a flow.
 * @VXFP_SW_STATS_MISSES: u64, packets that matched none (slow path).
 * @VXFP_SW_STATS_ENCAP: u64, packets put in a tunnel.
 * @VXFP_SW_STATS_DECAP: u64, packets taken out of one.
 * @VXFP_SW_STATS_SLOW_PATH: u64, packets a flow matched but that went to
 *	the slow path: trapped, encapsulation route or neighbour not
 *	resolved yet, TTL about to expire.
 * @VXFP_SW_STATS_DROPS: nest of u64 counters, one per enum
 *	vxfp_fp_drop_reason, each of attribute type reason + 1.
 */
enum vxfp_switch_stats {
	VXFP_SW_STATS_UNSPEC,
	VXFP_SW_STATS_PAD,
	VXFP_SW_STATS_FLOWS,
	VXFP_SW_STATS_MASKS,
	VXFP_SW_STATS_HITS,
	VXFP_SW_STATS_MISSES,
	VXFP_SW_STATS_ENCAP,
	VXFP_SW_STATS_DECAP,
	VXFP_SW_STATS_SLOW_PATH,
	VXFP_SW_STATS_DROPS,

	__VXFP_SW_STATS_MAX,
	VXFP_SW_STATS_MAX = __VXFP_SW_STATS_MAX - 1
};

/*
 * Feature bits of VXFP_A_FEATURES: what this build of the module can do.
 *
 * VXFP_F_SWITCH: switch objects over an uplink netdev, with a PF netdev.
 * VXFP_F_VF: VF netdevs, configured through the PF; legacy switching.
 * VXFP_F_SWITCHDEV: switchdev mode, representors, devlink.
 * VXFP_F_FLOWS: the fast path's flow table (VXFP_CMD_FLOW_*).
 * VXFP_F_VXLAN: VXLAN encap and decap actions, IPv4 and IPv6 underlay.
 */
#define VXFP_F_SWITCH		(1ULL << 0)
#define VXFP_F_VF		(1ULL << 1)
#define VXFP_F_SWITCHDEV	(1ULL << 2)
#define VXFP_F_FLOWS		(1ULL << 3)
#define VXFP_F_VXLAN		(1ULL << 4)

#endif /* _UAPI_LINUX_VXFP_H */

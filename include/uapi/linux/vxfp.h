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
 * Feature bits of VXFP_A_FEATURES: what this build of the module can do.
 *
 * VXFP_F_SWITCH: switch objects over an uplink netdev, with a PF netdev.
 * VXFP_F_VF: VF netdevs, configured through the PF; legacy switching.
 * VXFP_F_SWITCHDEV: switchdev mode, representors, devlink.
 */
#define VXFP_F_SWITCH		(1ULL << 0)
#define VXFP_F_VF		(1ULL << 1)
#define VXFP_F_SWITCHDEV	(1ULL << 2)

#endif /* _UAPI_LINUX_VXFP_H */

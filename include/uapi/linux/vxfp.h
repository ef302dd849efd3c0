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
 */
enum vxfp_cmd {
	VXFP_CMD_UNSPEC,
	VXFP_CMD_INFO_GET,
	VXFP_CMD_SWITCH_GET,
	VXFP_CMD_SWITCH_NEW,
	VXFP_CMD_SWITCH_DEL,

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

/*
 * Feature bits of VXFP_A_FEATURES: what this build of the module can do.
 *
 * VXFP_F_SWITCH: switch objects over an uplink netdev, with a PF netdev.
 */
#define VXFP_F_SWITCH		(1ULL << 0)

#endif /* _UAPI_LINUX_VXFP_H */

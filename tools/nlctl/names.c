// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: the names of the family's attributes, to say which one the
 * kernel refused (extack.h), nests included.
 */
#include <linux/vxfp.h>

#include "extack.h"
#include "flow.h"
#include "nlctl.h"

static const char *const attr_names[VXFP_A_MAX + 1] = {
	[VXFP_A_VERSION]	= "version",
	[VXFP_A_FEATURES]	= "features",
	[VXFP_A_GENL_VERSION]	= "interface",
	[VXFP_A_MAX_VFS]	= "max_vfs",
	[VXFP_A_SWITCH_ID]	= "id",
	[VXFP_A_SWITCH_NAME]	= "name",
	[VXFP_A_UPLINK_IFINDEX]	= "uplink",
	[VXFP_A_PF_IFINDEX]	= "pf",
	[VXFP_A_NUM_VFS]	= "vfs",
	[VXFP_A_ESWITCH_MODE]	= "mode",
	[VXFP_A_PORT_INDEX]	= "vf",
	[VXFP_A_PORT_FLAVOUR]	= "flavour",
	[VXFP_A_PORT_IFINDEX]	= "ifindex",
	[VXFP_A_PORT_IFNAME]	= "dev",
	[VXFP_A_PORT_NETNSID]	= "netnsid",
	[VXFP_A_PORT_PHYS_NAME]	= "phys_port_name",
	[VXFP_A_REP_IFINDEX]	= "rep_ifindex",
	[VXFP_A_REP_IFNAME]	= "rep",
	[VXFP_A_VF_MAC]		= "mac",
	[VXFP_A_VF_VLAN]	= "vlan",
	[VXFP_A_VF_QOS]		= "qos",
	[VXFP_A_VF_VLAN_PROTO]	= "proto",
	[VXFP_A_VF_SPOOFCHK]	= "spoofchk",
	[VXFP_A_VF_TRUST]	= "trust",
	[VXFP_A_VF_LINK_STATE]	= "state",
	[VXFP_A_VF_MAX_TX_RATE]	= "max_tx_rate",
	[VXFP_A_PORT_STATS]	= "stats",
	[VXFP_A_FLOW]		= "flow",
	[VXFP_A_SWITCH_STATS]	= "switch_stats",
};

static const struct attr_space *const attr_nests[VXFP_A_MAX + 1] = {
	[VXFP_A_FLOW]		= &flow_attr_space,
};

/* The names of the family's attributes, nests included (extack.h). */
const struct attr_space vxfp_attr_space = {
	.names = attr_names,
	.max = VXFP_A_MAX,
	.nested = attr_nests,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * vxfp: a software eSwitch with a VXLAN offload fast path, in the image of
 * an SR-IOV NIC in switchdev mode.
 */
#include <linux/module.h>
#include <linux/vxfp.h>
#include <net/genetlink.h>

#include "netlink.h"
#include "switch.h"
#include "tc.h"
#include "tunnel.h"

static int __init vxfp_init(void)
{
	int err;

	err = vxfp_tun_init();
	if (err)
		return err;
	err = vxfp_tc_init();
	if (err)
		goto err_tun;
	err = vxfp_switch_init();
	if (err)
		goto err_tc;
	err = vxfp_genl_init();
	if (err)
		goto err_switch;
	pr_info("version %s loaded\n", VXFP_VERSION);
	return 0;

err_switch:
	vxfp_switch_uninit();
err_tc:
	vxfp_tc_exit();
err_tun:
	vxfp_tun_exit();
	return err;
}

static void __exit vxfp_exit(void)
{
	vxfp_genl_uninit();
	vxfp_switch_uninit();
	vxfp_tc_exit();
	vxfp_tun_exit();
}

module_init(vxfp_init);
module_exit(vxfp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Software eSwitch with a VXLAN offload fast path");
MODULE_AUTHOR("The vxfp developers");
MODULE_VERSION(VXFP_VERSION);
MODULE_ALIAS_GENL_FAMILY(VXFP_GENL_NAME);

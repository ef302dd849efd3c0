// SPDX-License-Identifier: GPL-2.0
/*
 * The "vxfp" generic-netlink family, which nlctl speaks. Every command has
 * its own policy and is validated strictly; the mutating ones need
 * CAP_NET_ADMIN in the user namespace owning the requester's netns.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/vxfp.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "netlink.h"
#include "switch.h"

#define VXFP_FEATURES	(VXFP_F_SWITCH)

enum vxfp_mcgrp_id {
	VXFP_MCGRP_MONITOR_ID,
};

static const struct genl_multicast_group vxfp_mcgrps[] = {
	[VXFP_MCGRP_MONITOR_ID] = { .name = VXFP_MCGRP_MONITOR },
};

static struct genl_family vxfp_genl_family;

/*
 * Whether the family is registered, so that switches ended while the module
 * goes away are not announced through a family that is gone. Under RTNL.
 */
static bool vxfp_genl_live;

/* No attribute is accepted. */
static const struct nla_policy vxfp_info_policy[VXFP_A_MAX + 1] = {
};

static const struct nla_policy vxfp_switch_sel_policy[VXFP_A_MAX + 1] = {
	[VXFP_A_SWITCH_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[VXFP_A_SWITCH_NAME]	= { .type = NLA_NUL_STRING,
				    .len = VXFP_NAME_LEN - 1 },
};

static const struct nla_policy vxfp_switch_new_policy[VXFP_A_MAX + 1] = {
	[VXFP_A_SWITCH_NAME]	= { .type = NLA_NUL_STRING,
				    .len = VXFP_NAME_LEN - 1 },
	[VXFP_A_UPLINK_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[VXFP_A_NUM_VFS]	= NLA_POLICY_MAX(NLA_U32, VXFP_MAX_VFS),
	[VXFP_A_ESWITCH_MODE]	= NLA_POLICY_MAX(NLA_U8, VXFP_ESWITCH_SWITCHDEV),
};

static int vxfp_nl_info_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &vxfp_genl_family, 0,
				VXFP_CMD_INFO_GET);
	if (!hdr)
		goto err_free;
	if (nla_put_string(msg, VXFP_A_VERSION, VXFP_VERSION) ||
	    nla_put_u64_64bit(msg, VXFP_A_FEATURES, VXFP_FEATURES,
			      VXFP_A_PAD) ||
	    nla_put_u32(msg, VXFP_A_GENL_VERSION, VXFP_GENL_VERSION) ||
	    nla_put_u32(msg, VXFP_A_MAX_VFS, VXFP_MAX_VFS))
		goto err_free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int vxfp_nl_fill_switch(struct sk_buff *msg,
			       const struct vxfp_switch *sw, u32 portid,
			       u32 seq, int flags, u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &vxfp_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(msg, VXFP_A_SWITCH_ID, sw->id) ||
	    nla_put_string(msg, VXFP_A_SWITCH_NAME, sw->name) ||
	    nla_put_u32(msg, VXFP_A_UPLINK_IFINDEX, sw->uplink->ifindex) ||
	    nla_put_u32(msg, VXFP_A_PF_IFINDEX, sw->pf->ifindex) ||
	    nla_put_u32(msg, VXFP_A_NUM_VFS, sw->num_vfs) ||
	    nla_put_u8(msg, VXFP_A_ESWITCH_MODE, sw->mode)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

/* The switch a request names, by name or id. Context: RTNL held. */
static struct vxfp_switch *vxfp_nl_switch_lookup(struct genl_info *info)
{
	struct nlattr *name = info->attrs[VXFP_A_SWITCH_NAME];
	struct nlattr *id = info->attrs[VXFP_A_SWITCH_ID];
	struct vxfp_switch *sw;

	if (!name && !id) {
		NL_SET_ERR_MSG_MOD(info->extack, "Switch name or id required");
		return ERR_PTR(-EINVAL);
	}
	sw = vxfp_switch_find(genl_info_net(info),
			      name ? nla_data(name) : NULL,
			      id ? nla_get_u32(id) : 0);
	if (!sw) {
		NL_SET_BAD_ATTR(info->extack, name ?: id);
		NL_SET_ERR_MSG_MOD(info->extack, "Switch not found");
		return ERR_PTR(-ENOENT);
	}
	if (name && id && sw->id != nla_get_u32(id)) {
		NL_SET_BAD_ATTR(info->extack, id);
		NL_SET_ERR_MSG_MOD(info->extack,
				   "Switch name and id do not match");
		return ERR_PTR(-EINVAL);
	}
	return sw;
}

static int vxfp_nl_switch_get(struct sk_buff *skb, struct genl_info *info)
{
	struct vxfp_switch *sw;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	sw = vxfp_nl_switch_lookup(info);
	if (IS_ERR(sw))
		err = PTR_ERR(sw);
	else
		err = vxfp_nl_fill_switch(msg, sw, info->snd_portid,
					  info->snd_seq, 0,
					  VXFP_CMD_SWITCH_GET);
	rtnl_unlock();

	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int vxfp_nl_switch_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct vxfp_switch *sw;
	long idx = 0, start = cb->args[0];
	int err = 0;

	rtnl_lock();
	cb->seq = vxfp_switches_gen;
	list_for_each_entry(sw, &vxfp_switches, list) {
		if (!net_eq(read_pnet(&sw->net), net))
			continue;
		if (idx < start) {
			idx++;
			continue;
		}
		err = vxfp_nl_fill_switch(skb, sw,
					  NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, NLM_F_MULTI,
					  VXFP_CMD_SWITCH_GET);
		if (err)
			break;
		nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		idx++;
	}
	rtnl_unlock();

	cb->args[0] = idx;
	/* A switch that does not fit in an empty message never will. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

static int vxfp_nl_switch_new(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct vxfp_switch_config cfg = {};
	struct vxfp_switch *sw;

	if (!attrs[VXFP_A_SWITCH_NAME]) {
		NL_SET_ERR_MSG_MOD(info->extack, "Switch name required");
		return -EINVAL;
	}
	if (!attrs[VXFP_A_UPLINK_IFINDEX]) {
		NL_SET_ERR_MSG_MOD(info->extack, "Uplink device required");
		return -EINVAL;
	}
	cfg.name = nla_data(attrs[VXFP_A_SWITCH_NAME]);
	cfg.uplink_ifindex = nla_get_u32(attrs[VXFP_A_UPLINK_IFINDEX]);
	if (attrs[VXFP_A_NUM_VFS])
		cfg.num_vfs = nla_get_u32(attrs[VXFP_A_NUM_VFS]);
	cfg.mode = VXFP_ESWITCH_LEGACY;
	if (attrs[VXFP_A_ESWITCH_MODE])
		cfg.mode = nla_get_u8(attrs[VXFP_A_ESWITCH_MODE]);

	rtnl_lock();
	sw = vxfp_switch_create(genl_info_net(info), &cfg, info->extack);
	rtnl_unlock();
	return PTR_ERR_OR_ZERO(sw);
}

static int vxfp_nl_switch_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vxfp_switch *sw;

	rtnl_lock();
	sw = vxfp_nl_switch_lookup(info);
	if (!IS_ERR(sw))
		vxfp_switch_destroy(sw);
	rtnl_unlock();
	return PTR_ERR_OR_ZERO(sw);
}

static const struct genl_ops vxfp_genl_ops[] = {
	{
		.cmd		= VXFP_CMD_INFO_GET,
		.doit		= vxfp_nl_info_get,
		.policy		= vxfp_info_policy,
		.maxattr	= VXFP_A_MAX,
	},
	{
		.cmd		= VXFP_CMD_SWITCH_GET,
		.doit		= vxfp_nl_switch_get,
		.dumpit		= vxfp_nl_switch_dump,
		.policy		= vxfp_switch_sel_policy,
		.maxattr	= VXFP_A_MAX,
	},
	{
		.cmd		= VXFP_CMD_SWITCH_NEW,
		.doit		= vxfp_nl_switch_new,
		.policy		= vxfp_switch_new_policy,
		.maxattr	= VXFP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VXFP_CMD_SWITCH_DEL,
		.doit		= vxfp_nl_switch_del,
		.policy		= vxfp_switch_sel_policy,
		.maxattr	= VXFP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family vxfp_genl_family __ro_after_init = {
	.name		= VXFP_GENL_NAME,
	.version	= VXFP_GENL_VERSION,
	.maxattr	= VXFP_A_MAX,
	.netnsok	= true,
	/* The switches are under RTNL; genl_mutex would add nothing. */
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= vxfp_genl_ops,
	.n_ops		= ARRAY_SIZE(vxfp_genl_ops),
	.mcgrps		= vxfp_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(vxfp_mcgrps),
};

/**
 * vxfp_genl_notify_switch - tell the monitor group a switch came or went
 * @sw: the switch
 * @cmd: %VXFP_CMD_SWITCH_NEW or %VXFP_CMD_SWITCH_DEL
 *
 * Context: RTNL held, may sleep.
 */
void vxfp_genl_notify_switch(const struct vxfp_switch *sw, u8 cmd)
{
	struct net *net = read_pnet(&sw->net);
	struct sk_buff *msg;

	ASSERT_RTNL();
	if (!vxfp_genl_live ||
	    !genl_has_listeners(&vxfp_genl_family, net, VXFP_MCGRP_MONITOR_ID))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (vxfp_nl_fill_switch(msg, sw, 0, 0, 0, cmd)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&vxfp_genl_family, net, msg, 0,
				VXFP_MCGRP_MONITOR_ID, GFP_KERNEL);
}

int __init vxfp_genl_init(void)
{
	int err;

	err = genl_register_family(&vxfp_genl_family);
	if (err)
		return err;
	rtnl_lock();
	vxfp_genl_live = true;
	rtnl_unlock();
	return 0;
}

void vxfp_genl_uninit(void)
{
	rtnl_lock();
	vxfp_genl_live = false;
	rtnl_unlock();
	genl_unregister_family(&vxfp_genl_family);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The "vxfp" generic-netlink family, which nlctl speaks. Every command has
 * its own policy and is validated strictly; the mutating ones need
 * CAP_NET_ADMIN in the user namespace owning the requester's netns.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/vxfp.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "flow.h"
#include "netlink.h"
#include "switch.h"
#include "vf.h"

#define VXFP_FEATURES	(VXFP_F_SWITCH | VXFP_F_VF | VXFP_F_SWITCHDEV | \
			 VXFP_F_FLOWS | VXFP_F_VXLAN)

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

static const struct nla_policy vxfp_switch_set_policy[VXFP_A_MAX + 1] = {
	[VXFP_A_SWITCH_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[VXFP_A_SWITCH_NAME]	= { .type = NLA_NUL_STRING,
				    .len = VXFP_NAME_LEN - 1 },
	[VXFP_A_ESWITCH_MODE]	= NLA_POLICY_MAX(NLA_U8, VXFP_ESWITCH_SWITCHDEV),
};

static const struct nla_policy vxfp_port_sel_policy[VXFP_A_MAX + 1] = {
	[VXFP_A_SWITCH_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[VXFP_A_SWITCH_NAME]	= { .type = NLA_NUL_STRING,
				    .len = VXFP_NAME_LEN - 1 },
	[VXFP_A_PORT_INDEX]	= NLA_POLICY_MAX(NLA_U32, VXFP_MAX_VFS - 1),
};

static const struct nla_policy vxfp_port_set_policy[VXFP_A_MAX + 1] = {
	[VXFP_A_SWITCH_ID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[VXFP_A_SWITCH_NAME]	= { .type = NLA_NUL_STRING,
				    .len = VXFP_NAME_LEN - 1 },
	[VXFP_A_PORT_INDEX]	= NLA_POLICY_MAX(NLA_U32, VXFP_MAX_VFS - 1),
	[VXFP_A_VF_MAC]		= NLA_POLICY_EXACT_LEN(ETH_ALEN),
	[VXFP_A_VF_VLAN]	= NLA_POLICY_MAX(NLA_U16, VLAN_VID_MASK - 1),
	[VXFP_A_VF_QOS]		= NLA_POLICY_MAX(NLA_U8, 7),
	[VXFP_A_VF_VLAN_PROTO]	= { .type = NLA_U16 },
	[VXFP_A_VF_SPOOFCHK]	= NLA_POLICY_MAX(NLA_U8, 1),
	[VXFP_A_VF_TRUST]	= NLA_POLICY_MAX(NLA_U8, 1),
	[VXFP_A_VF_LINK_STATE]	= NLA_POLICY_MAX(NLA_U8, VXFP_VF_LINK_DISABLE),
	[VXFP_A_VF_MAX_TX_RATE]	= { .type = NLA_U32 },
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
	    nla_put_u8(msg, VXFP_A_ESWITCH_MODE, READ_ONCE(sw->mode)) ||
	    vxfp_flow_fill_switch_stats(msg, sw)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

/*
 * The switch that attributes name, by name or id, in a namespace.
 * Context: RTNL held.
 */
struct vxfp_switch *vxfp_nl_switch_find(struct net *net, struct nlattr **attrs,
					struct netlink_ext_ack *extack)
{
	struct nlattr *name = attrs[VXFP_A_SWITCH_NAME];
	struct nlattr *id = attrs[VXFP_A_SWITCH_ID];
	struct vxfp_switch *sw;

	if (!name && !id) {
		NL_SET_ERR_MSG_MOD(extack, "Switch name or id required");
		return ERR_PTR(-EINVAL);
	}
	sw = vxfp_switch_find(net, name ? nla_data(name) : NULL,
			      id ? nla_get_u32(id) : 0);
	if (!sw) {
		NL_SET_BAD_ATTR(extack, name ?: id);
		NL_SET_ERR_MSG_MOD(extack, "Switch not found");
		return ERR_PTR(-ENOENT);
	}
	if (name && id && sw->id != nla_get_u32(id)) {
		NL_SET_BAD_ATTR(extack, id);
		NL_SET_ERR_MSG_MOD(extack, "Switch name and id do not match");
		return ERR_PTR(-EINVAL);
	}
	return sw;
}

static struct vxfp_switch *vxfp_nl_switch_lookup(struct genl_info *info)
{
	return vxfp_nl_switch_find(genl_info_net(info), info->attrs,
				   info->extack);
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

	sw = vxfp_switch_create(genl_info_net(info), &cfg, info->extack);
	return PTR_ERR_OR_ZERO(sw);
}

static int vxfp_nl_switch_del(struct sk_buff *skb, struct genl_info *info)
{
	struct vxfp_switch *sw;

	rtnl_lock();
	sw = vxfp_nl_switch_lookup(info);
	if (IS_ERR(sw)) {
		rtnl_unlock();
		return PTR_ERR(sw);
	}
	vxfp_switch_destroy_unlock(sw);
	return 0;
}

static int vxfp_nl_switch_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *mode = info->attrs[VXFP_A_ESWITCH_MODE];
	struct vxfp_switch *sw;
	int err;

	if (!mode) {
		NL_SET_ERR_MSG_MOD(info->extack, "Nothing to change");
		return -EINVAL;
	}
	rtnl_lock();
	sw = vxfp_nl_switch_lookup(info);
	if (!IS_ERR(sw))
		get_device(&sw->dev);
	rtnl_unlock();
	if (IS_ERR(sw))
		return PTR_ERR(sw);

	/* The devlink instance lock ranks above RTNL. */
	devl_lock(sw->devlink);
	err = vxfp_switch_set_mode(sw, nla_get_u8(mode), info->extack);
	devl_unlock(sw->devlink);
	put_device(&sw->dev);
	return err;
}

static int vxfp_nl_put_stats(struct sk_buff *msg, const struct vxfp_vport *vp)
{
	struct vxfp_port_counters c;
	struct nlattr *stats, *drops;
	unsigned int i;

	vxfp_vf_get_counters(vp, &c);
	stats = nla_nest_start(msg, VXFP_A_PORT_STATS);
	if (!stats)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, VXFP_PORT_STATS_RX_PACKETS, c.rx_packets,
			      VXFP_PORT_STATS_PAD) ||
	    nla_put_u64_64bit(msg, VXFP_PORT_STATS_RX_BYTES, c.rx_bytes,
			      VXFP_PORT_STATS_PAD) ||
	    nla_put_u64_64bit(msg, VXFP_PORT_STATS_TX_PACKETS, c.tx_packets,
			      VXFP_PORT_STATS_PAD) ||
	    nla_put_u64_64bit(msg, VXFP_PORT_STATS_TX_BYTES, c.tx_bytes,
			      VXFP_PORT_STATS_PAD))
		goto err_cancel;
	drops = nla_nest_start(msg, VXFP_PORT_STATS_DROPS);
	if (!drops)
		goto err_cancel;
	for (i = 0; i < __VXFP_DROP_MAX; i++)
		if (nla_put_u64_64bit(msg, i + 1, c.drops[i], 0))
			goto err_cancel;
	nla_nest_end(msg, drops);
	nla_nest_end(msg, stats);
	return 0;

err_cancel:
	nla_nest_cancel(msg, stats);
	return -EMSGSIZE;
}

/* Describe a VF port to a requester in @net. Context: RTNL held. */
static int vxfp_nl_fill_port(struct sk_buff *msg, const struct vxfp_vport *vp,
			     struct net *net, u32 portid, u32 seq, int flags,
			     u8 cmd)
{
	const struct vxfp_switch *sw = vp->sw;
	struct net_device *vf = vp->vf;
	struct net_device *rep = rtnl_dereference(vp->rep);
	char phys_name[IFNAMSIZ];
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &vxfp_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	snprintf(phys_name, sizeof(phys_name), "pf0vf%u", vp->index);
	if (nla_put_u32(msg, VXFP_A_SWITCH_ID, sw->id) ||
	    nla_put_string(msg, VXFP_A_SWITCH_NAME, sw->name) ||
	    nla_put_u32(msg, VXFP_A_PORT_INDEX, vp->index) ||
	    nla_put_u8(msg, VXFP_A_PORT_FLAVOUR, VXFP_PORT_VF) ||
	    nla_put_u32(msg, VXFP_A_PORT_IFINDEX, vf->ifindex) ||
	    nla_put_string(msg, VXFP_A_PORT_IFNAME, vf->name) ||
	    nla_put_string(msg, VXFP_A_PORT_PHYS_NAME, phys_name) ||
	    nla_put(msg, VXFP_A_VF_MAC, ETH_ALEN, vf->dev_addr) ||
	    nla_put_u16(msg, VXFP_A_VF_VLAN, vp->cfg.vlan) ||
	    nla_put_u8(msg, VXFP_A_VF_QOS, vp->cfg.qos) ||
	    nla_put_u16(msg, VXFP_A_VF_VLAN_PROTO, ntohs(vp->cfg.vlan_proto)) ||
	    nla_put_u8(msg, VXFP_A_VF_SPOOFCHK, vp->cfg.spoofchk) ||
	    nla_put_u8(msg, VXFP_A_VF_TRUST, vp->cfg.trust) ||
	    nla_put_u8(msg, VXFP_A_VF_LINK_STATE, vp->cfg.link_state) ||
	    nla_put_u32(msg, VXFP_A_VF_MAX_TX_RATE, vp->cfg.max_tx_rate))
		goto err_cancel;
	if (!net_eq(dev_net(vf), net) &&
	    nla_put_s32(msg, VXFP_A_PORT_NETNSID,
			peernet2id_alloc(net, dev_net(vf), GFP_KERNEL)))
		goto err_cancel;
	if (rep && (nla_put_u32(msg, VXFP_A_REP_IFINDEX, rep->ifindex) ||
		    nla_put_string(msg, VXFP_A_REP_IFNAME, rep->name)))
		goto err_cancel;
	if (vxfp_nl_put_stats(msg, vp))
		goto err_cancel;
	genlmsg_end(msg, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

/* The VF port a request names. Context: RTNL held. */
static struct vxfp_vport *vxfp_nl_port_lookup(struct genl_info *info)
{
	struct nlattr *index = info->attrs[VXFP_A_PORT_INDEX];
	struct vxfp_switch *sw;
	u32 i;

	sw = vxfp_nl_switch_lookup(info);
	if (IS_ERR(sw))
		return ERR_CAST(sw);
	if (!index) {
		NL_SET_ERR_MSG_MOD(info->extack, "VF number required");
		return ERR_PTR(-EINVAL);
	}
	i = nla_get_u32(index);
	if (i >= sw->num_vfs) {
		NL_SET_BAD_ATTR(info->extack, index);
		NL_SET_ERR_MSG_MOD(info->extack, "The switch has no such VF");
		return ERR_PTR(-ENOENT);
	}
	return &sw->vports[i];
}

static int vxfp_nl_port_get(struct sk_buff *skb, struct genl_info *info)
{
	struct vxfp_vport *vp;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	vp = vxfp_nl_port_lookup(info);
	if (IS_ERR(vp))
		err = PTR_ERR(vp);
	else
		err = vxfp_nl_fill_port(msg, vp, genl_info_net(info),
					info->snd_portid, info->snd_seq, 0,
					VXFP_CMD_PORT_GET);
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: switches done, cb->args[1]: ports of the next one done. */
static int vxfp_nl_port_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **attrs = vxfp_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	struct vxfp_switch *only = NULL, *sw;
	long sw_idx = 0, port_idx;
	int err = 0;

	rtnl_lock();
	if (attrs[VXFP_A_SWITCH_NAME] || attrs[VXFP_A_SWITCH_ID]) {
		only = vxfp_nl_switch_find(net, attrs, cb->extack);
		if (IS_ERR(only)) {
			rtnl_unlock();
			return PTR_ERR(only);
		}
	}
	cb->seq = vxfp_switches_gen;
	list_for_each_entry(sw, &vxfp_switches, list) {
		if (!net_eq(read_pnet(&sw->net), net) || (only && sw != only))
			continue;
		if (sw_idx < cb->args[0]) {
			sw_idx++;
			continue;
		}
		for (port_idx = cb->args[1]; port_idx < sw->num_vfs;
		     port_idx++) {
			err = vxfp_nl_fill_port(skb, &sw->vports[port_idx], net,
						NETLINK_CB(cb->skb).portid,
						cb->nlh->nlmsg_seq,
						NLM_F_MULTI,
						VXFP_CMD_PORT_GET);
			if (err)
				goto out;
			nl_dump_check_consistent(cb, nlmsg_hdr(skb));
		}
		cb->args[1] = 0;
		sw_idx++;
	}
out:
	rtnl_unlock();
	cb->args[0] = sw_idx;
	if (err)
		cb->args[1] = port_idx;
	if (err && !skb->len)
		return err;
	return skb->len;
}

static int vxfp_nl_port_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct netlink_ext_ack *extack = info->extack;
	struct vxfp_vport *vp;
	int err = 0;

	if (attrs[VXFP_A_VF_MAC]) {
		const u8 *mac = nla_data(attrs[VXFP_A_VF_MAC]);

		if (!is_zero_ether_addr(mac) && !is_valid_ether_addr(mac)) {
			NL_SET_BAD_ATTR(extack, attrs[VXFP_A_VF_MAC]);
			NL_SET_ERR_MSG_MOD(extack,
					   "VF MAC must be a unicast address");
			return -EINVAL;
		}
	}
	if ((attrs[VXFP_A_VF_QOS] || attrs[VXFP_A_VF_VLAN_PROTO]) &&
	    !attrs[VXFP_A_VF_VLAN]) {
		NL_SET_ERR_MSG_MOD(extack, "QoS and VLAN protocol need a VLAN");
		return -EINVAL;
	}

	rtnl_lock();
	vp = vxfp_nl_port_lookup(info);
	if (IS_ERR(vp)) {
		err = PTR_ERR(vp);
		goto out;
	}
	/* What can be refused first, so that a refusal changes nothing. */
	if (attrs[VXFP_A_VF_VLAN]) {
		__be16 proto = htons(ETH_P_8021Q);
		u8 qos = 0;

		if (attrs[VXFP_A_VF_QOS])
			qos = nla_get_u8(attrs[VXFP_A_VF_QOS]);
		if (attrs[VXFP_A_VF_VLAN_PROTO])
			proto = htons(nla_get_u16(attrs[VXFP_A_VF_VLAN_PROTO]));
		err = vxfp_vf_set_vlan(vp, nla_get_u16(attrs[VXFP_A_VF_VLAN]),
				       qos, proto, extack);
		if (err)
			goto out;
	}
	if (attrs[VXFP_A_VF_MAC])
		vxfp_vf_set_mac(vp, nla_data(attrs[VXFP_A_VF_MAC]), extack);
	if (attrs[VXFP_A_VF_SPOOFCHK])
		vxfp_vf_set_spoofchk(vp, nla_get_u8(attrs[VXFP_A_VF_SPOOFCHK]));
	if (attrs[VXFP_A_VF_TRUST])
		vxfp_vf_set_trust(vp, nla_get_u8(attrs[VXFP_A_VF_TRUST]));
	if (attrs[VXFP_A_VF_LINK_STATE])
		vxfp_vf_set_link_state(vp,
				       nla_get_u8(attrs[VXFP_A_VF_LINK_STATE]),
				       extack);
	if (attrs[VXFP_A_VF_MAX_TX_RATE])
		vxfp_vf_set_rate(vp, 0,
				 nla_get_u32(attrs[VXFP_A_VF_MAX_TX_RATE]),
				 extack);
out:
	rtnl_unlock();
	return err;
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
	{
		.cmd		= VXFP_CMD_SWITCH_SET,
		.doit		= vxfp_nl_switch_set,
		.policy		= vxfp_switch_set_policy,
		.maxattr	= VXFP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VXFP_CMD_PORT_GET,
		.doit		= vxfp_nl_port_get,
		.dumpit		= vxfp_nl_port_dump,
		.policy		= vxfp_port_sel_policy,
		.maxattr	= VXFP_A_MAX,
	},
	{
		.cmd		= VXFP_CMD_PORT_SET,
		.doit		= vxfp_nl_port_set,
		.policy		= vxfp_port_set_policy,
		.maxattr	= VXFP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VXFP_CMD_FLOW_GET,
		.doit		= vxfp_nl_flow_get,
		.dumpit		= vxfp_nl_flow_dump,
		.policy		= vxfp_flow_cmd_policy,
		.maxattr	= VXFP_A_MAX,
	},
	{
		.cmd		= VXFP_CMD_FLOW_NEW,
		.doit		= vxfp_nl_flow_new,
		.policy		= vxfp_flow_cmd_policy,
		.maxattr	= VXFP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VXFP_CMD_FLOW_DEL,
		.doit		= vxfp_nl_flow_del,
		.policy		= vxfp_flow_cmd_policy,
		.maxattr	= VXFP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= VXFP_CMD_FLOW_FLUSH,
		.doit		= vxfp_nl_flow_flush,
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

const struct genl_family *vxfp_nl_family(void)
{
	return &vxfp_genl_family;
}

/**
 * vxfp_genl_notify_switch - tell the monitor group a switch came or went
 * @sw: the switch
 * @cmd: %VXFP_CMD_SWITCH_NEW, %VXFP_CMD_SWITCH_DEL or %VXFP_CMD_SWITCH_SET
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

/**
 * vxfp_genl_notify_port - tell the monitor group a representor came or went
 * @vp: the VF port
 * @cmd: %VXFP_CMD_PORT_NEW or %VXFP_CMD_PORT_DEL
 *
 * Context: RTNL held, may sleep.
 */
void vxfp_genl_notify_port(const struct vxfp_vport *vp, u8 cmd)
{
	struct net *net = read_pnet(&vp->sw->net);
	struct sk_buff *msg;

	ASSERT_RTNL();
	if (!vxfp_genl_live ||
	    !genl_has_listeners(&vxfp_genl_family, net, VXFP_MCGRP_MONITOR_ID))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (vxfp_nl_fill_port(msg, vp, net, 0, 0, 0, cmd)) {
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

// SPDX-License-Identifier: GPL-2.0
/*
 * VXLAN in the fast path, as a NIC's eSwitch does it: encapsulation with
 * an outer header built once per tunnel endpoint and kept up to date as
 * routes and neighbours change, and decapsulation of what the uplink
 * receives for the switch's VXLAN ports.
 *
 * Encapsulation cache. Every flow whose actions encapsulate holds a
 * reference to the entry (struct vxfp_encap) of its endpoint: family,
 * requested source, destination and TOS. An entry points to an immutable
 * state (struct vxfp_encap_state), published with RCU: the route, the
 * source address, the next hop, the Ethernet header to put in front and
 * the path MTU. A state is replaced, never changed:
 *
 * - by a lookup of the route and the next hop's neighbour (resolve):
 *   when the entry is made, and in the datapath when the cached route no
 *   longer passes dst_check() (routes changed), or now and then (at most
 *   every VXFP_ENCAP_RETRY) while the entry is not usable;
 * - by the netevent notifier, when a neighbour on a PF netdev that is
 *   the next hop of entries changes: the same route with the neighbour's
 *   new MAC, or unusable if the neighbour is no longer valid.
 *
 * An entry is usable only if its route goes out of the switch's PF netdev
 * (the netdev the host's tunnel address is on; the frames leave through
 * the uplink under it) as a plain unicast route, and the next hop's
 * neighbour is valid. Until then its packets take the slow path, which
 * resolves neighbours as the kernel's vxlan driver does; resolution is
 * started here too, so that the notifier soon makes the entry usable.
 *
 * Locks: the table's lock (struct vxfp_tun_table) protects the list of
 * entries, their reference counts and the publication of states; it is
 * taken with BH off, since entries are released from RCU callbacks and
 * the notifier may run in softirq. Neighbour table locks may be held by
 * whoever calls the notifier, so nothing under the table's lock may take
 * them: neighbours are looked up (RCU only) but never created under it.
 * At most one resolve runs per entry (the VXFP_ENCAP_BUSY bit).
 *
 * Lifetimes: states are freed after a grace period, with their route
 * reference (routes do not pin netdevs: their device is moved to the
 * blackhole one when it goes). No neighbour reference is kept: a state
 * knows its next hop by address, and a neighbour pins its netdev, which
 * would hold the PF's unregistration up. The notifier reaches the switch
 * through a neighbour of its PF, which the notifier's caller holds, so
 * the PF netdev, and the switch it belongs to, are still there.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jiffies.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <linux/vxfp.h>
#include <net/arp.h>
#include <net/checksum.h>
#include <net/dst.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/lwtunnel.h>
#include <net/ndisc.h>
#include <net/neighbour.h>
#include <net/netevent.h>
#include <net/netlink.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/vxlan.h>

#include "actions.h"
#include "flow_key.h"
#include "pf.h"
#include "switch.h"
#include "tunnel.h"

/* How often an unusable entry is looked up again from the datapath. */
#define VXFP_ENCAP_RETRY	(HZ / 10)
/* How often the datapath tells the neighbour code its entry is in use. */
#define VXFP_ENCAP_KEEPALIVE	HZ

/*
 * GSO kinds a VXLAN header cannot be put around: packets already in a
 * tunnel, and those whose segmentation does not follow the headers.
 */
#define VXFP_TUN_GSO_NOT	(SKB_GSO_GRE | SKB_GSO_GRE_CSUM | \
				 SKB_GSO_IPXIP4 | SKB_GSO_IPXIP6 | \
				 SKB_GSO_UDP_TUNNEL | SKB_GSO_UDP_TUNNEL_CSUM | \
				 SKB_GSO_TUNNEL_REMCSUM | SKB_GSO_PARTIAL | \
				 SKB_GSO_ESP | SKB_GSO_FRAGLIST)

/**
 * struct vxfp_encap_state - what encapsulating towards an endpoint takes
 * @rcu: to free the state after the datapath's readers
 * @dst: the route, referenced; NULL if there was none
 * @cookie: for dst_check() of an IPv6 route, 0 for IPv4
 * @saddr: the outer source: the requested one, or the route's preferred
 *	source if none was
 * @nh: the next hop's address, of family @nh_family
 * @nh_family: AF_INET or AF_INET6 (an IPv4 route may have an IPv6
 *	gateway); 0 if the route cannot be used (not out of the PF netdev,
 *	not plain unicast)
 * @mtu: the route's (path) MTU
 * @ttl: the route's hop limit, for actions that do not set one
 * @valid: the route can be used and the next hop's neighbour is valid:
 *	@eth is the header to use
 * @eth: the outer Ethernet header: the next hop's MAC, the PF's MAC, the
 *	outer ethertype
 *
 * Never changed once published.
 */
struct vxfp_encap_state {
	struct rcu_head rcu;
	struct dst_entry *dst;
	u32 cookie;
	union vxfp_tun_addr saddr;
	union vxfp_tun_addr nh;
	u8 nh_family;
	u8 ttl;
	bool valid;
	u32 mtu;
	struct ethhdr eth;
};

/* struct vxfp_encap::flags bits */
enum {
	VXFP_ENCAP_BUSY,	/* a resolve runs (a bit lock) */
	VXFP_ENCAP_STALE,	/* a neighbour changed, no state could be made */
};

/**
 * struct vxfp_encap - a tunnel endpoint of a switch, shared by its flows
 * @list: in the table's entries, under its lock
 * @sw: the switch
 * @state: the current state, never NULL; RCU for the datapath, written
 *	under the table's lock
 * @flags: VXFP_ENCAP_* bits, atomic
 * @retry: jiffies after which the datapath may resolve an unusable entry
 *	again; read and written locklessly
 * @used: jiffies when the datapath last told the neighbour code the next
 *	hop was in use; read and written locklessly
 * @refs: how many flows use the entry (and get calls under way); under
 *	the table's lock
 * @family: AF_INET or AF_INET6
 * @tos: outer TOS (traffic class), also the route lookup's
 * @src: the requested outer source, any for the route's
 * @dst: the outer destination
 * @rcu: to free the entry
 *
 * @family, @tos, @src and @dst are the entry's identity: fixed.
 */
struct vxfp_encap {
	struct list_head list;
	struct vxfp_switch *sw;
	struct vxfp_encap_state __rcu *state;
	unsigned long flags;
	unsigned long retry;
	unsigned long used;
	u32 refs;
	u8 family;
	u8 tos;
	union vxfp_tun_addr src;
	union vxfp_tun_addr dst;
	struct rcu_head rcu;
};

/* --- states --------------------------------------------------------------- */

static void vxfp_encap_state_free_rcu(struct rcu_head *head)
{
	struct vxfp_encap_state *st = container_of(head,
						   struct vxfp_encap_state,
						   rcu);

	dst_release(st->dst);
	kfree(st);
}

/* Free a state that was published, once its readers are done. */
static void vxfp_encap_state_release(struct vxfp_encap_state *st)
{
	call_rcu(&st->rcu, vxfp_encap_state_free_rcu);
}

/* The state for the datapath: BH off, under RCU. */
static const struct vxfp_encap_state *
vxfp_encap_state_bh(const struct vxfp_encap *ent)
{
	return rcu_dereference_check(ent->state, rcu_read_lock_bh_held());
}

/* IPv6 without the module loaded (or disabled) has no neighbour table. */
static struct neigh_table *vxfp_nd_tbl(void)
{
	return IS_ENABLED(CONFIG_IPV6) ? ipv6_stub->nd_tbl : NULL;
}

/*
 * The neighbour of a next hop, or NULL. With @create, it is made if there
 * is none. Context: rcu_read_lock_bh() (or BH off), for the result.
 */
static struct neighbour *vxfp_neigh_get(struct net_device *dev, u8 family,
					const union vxfp_tun_addr *nh,
					bool create)
{
	struct neigh_table *tbl;
	struct neighbour *n;

	tbl = family == AF_INET ? &arp_tbl : vxfp_nd_tbl();
	if (!tbl)
		return NULL;
	/*
	 * The lookups use rcu_dereference(), which lockdep wants under
	 * rcu_read_lock(); the caller's BH-off section is an RCU reader too
	 * and keeps the result valid after it.
	 */
	rcu_read_lock();
	if (family == AF_INET)
		n = __ipv4_neigh_lookup_noref(dev, (__force u32)nh->ip4);
	else
		n = __ipv6_neigh_lookup_noref_stub(dev, &nh->ip6);
	rcu_read_unlock();
	if (n || !create)
		return n;
	n = __neigh_create(tbl, nh, dev, false);
	return IS_ERR(n) ? NULL : n;
}

/*
 * The Ethernet header and validity of @st, whose route is set, from its
 * next hop's neighbour @n (NULL if there is none). Called under the
 * table's lock, so that the last reader of a neighbour, this or the
 * notifier's, publishes what it saw.
 */
static void vxfp_encap_state_l2(struct vxfp_encap_state *st,
				const struct vxfp_encap *ent,
				struct net_device *pf, struct neighbour *n)
{
	st->valid = false;
	eth_zero_addr(st->eth.h_dest);
	if (pf)
		memcpy(st->eth.h_source, pf->dev_addr, ETH_ALEN);
	st->eth.h_proto = ent->family == AF_INET ? htons(ETH_P_IP) :
						   htons(ETH_P_IPV6);
	if (!st->nh_family || !n || READ_ONCE(n->dead) ||
	    !(READ_ONCE(n->nud_state) & NUD_VALID))
		return;
	neigh_ha_snapshot(st->eth.h_dest, n, pf);
	st->valid = is_valid_ether_addr(st->eth.h_dest);
}

/* Whether packets may leave by route @dst as the switch's own. */
static bool vxfp_encap_dst_ok(const struct net_device *pf,
			      struct dst_entry *dst)
{
	return pf && dst->dev == pf && !dst_xfrm(dst) &&
	       !lwtunnel_output_redirect(dst->lwtstate) &&
	       !lwtunnel_xmit_redirect(dst->lwtstate);
}

static void vxfp_encap_route4(const struct vxfp_encap *ent,
			      const struct net_device *pf,
			      struct vxfp_encap_state *st)
{
	struct flowi4 fl4 = {};
	struct rtable *rt;

	fl4.flowi4_proto = IPPROTO_UDP;
	fl4.flowi4_tos = RT_TOS(ent->tos);
	fl4.daddr = ent->dst.ip4;
	fl4.saddr = ent->src.ip4;
	rt = ip_route_output_key(read_pnet(&ent->sw->net), &fl4);
	if (IS_ERR(rt))
		return;
	st->dst = &rt->dst;
	st->saddr.ip4 = fl4.saddr;
	if (rt->rt_type != RTN_UNICAST || !vxfp_encap_dst_ok(pf, &rt->dst))
		return;
	st->mtu = dst_mtu(&rt->dst);
	st->ttl = ip4_dst_hoplimit(&rt->dst);
	if (rt->rt_gw_family == AF_INET6) {
		st->nh.ip6 = rt->rt_gw6;
		st->nh_family = AF_INET6;
	} else {
		st->nh.ip4 = rt->rt_gw_family == AF_INET ? rt->rt_gw4 :
							   fl4.daddr;
		st->nh_family = AF_INET;
	}
}

static void vxfp_encap_route6(const struct vxfp_encap *ent,
			      const struct net_device *pf,
			      struct vxfp_encap_state *st)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct flowi6 fl6 = {};
	struct dst_entry *dst;
	struct rt6_info *rt;

	fl6.flowi6_proto = IPPROTO_UDP;
	fl6.daddr = ent->dst.ip6;
	fl6.saddr = ent->src.ip6;
	fl6.flowlabel = ip6_make_flowinfo(RT_TOS(ent->tos), 0);
	/* Through the stub: -EAFNOSUPPORT if IPv6 is not there. */
	dst = ipv6_stub->ipv6_dst_lookup_flow(read_pnet(&ent->sw->net), NULL,
					      &fl6, NULL);
	if (IS_ERR(dst))
		return;
	st->dst = dst;
	st->saddr.ip6 = fl6.saddr;
	rt = container_of(dst, struct rt6_info, dst);
	st->cookie = rt6_get_cookie(rt);
	if (rt->rt6i_flags & (RTF_LOCAL | RTF_ANYCAST) ||
	    !vxfp_encap_dst_ok(pf, dst))
		return;
	st->mtu = dst_mtu(dst);
	st->ttl = ip6_dst_hoplimit(dst);
	st->nh.ip6 = *rt6_nexthop(rt, &fl6.daddr);
	st->nh_family = AF_INET6;
#endif
}

/**
 * vxfp_encap_resolve - look an entry's route and next hop up, publish it
 * @ent: the entry, referenced by the caller
 * @gfp: how to allocate the new state
 *
 * Starts the resolution of the next hop's neighbour if it is not valid.
 *
 * Context: process or softirq, BH may be off; no lock held.
 * Return: 0, -EBUSY if another resolve of @ent runs, -ENOMEM.
 */
static int vxfp_encap_resolve(struct vxfp_encap *ent, gfp_t gfp)
{
	struct vxfp_tun_table *tt = &ent->sw->tun;
	struct vxfp_encap_state *st, *old;
	struct net_device *pf;
	struct neighbour *n = NULL;
	int err = 0;

	if (test_and_set_bit_lock(VXFP_ENCAP_BUSY, &ent->flags))
		return -EBUSY;
	WRITE_ONCE(ent->retry, jiffies + VXFP_ENCAP_RETRY);
	/* A notifier that fails after this makes the next packet look. */
	clear_bit(VXFP_ENCAP_STALE, &ent->flags);
	st = kzalloc(sizeof(*st), gfp);
	if (!st) {
		set_bit(VXFP_ENCAP_STALE, &ent->flags);
		err = -ENOMEM;
		goto out;
	}
	pf = READ_ONCE(ent->sw->pf);
	if (ent->family == AF_INET)
		vxfp_encap_route4(ent, pf, st);
	else
		vxfp_encap_route6(ent, pf, st);

	rcu_read_lock_bh();
	if (st->nh_family) {
		/* Not under the table's lock: this may take neighbour locks. */
		n = vxfp_neigh_get(pf, st->nh_family, &st->nh, true);
		if (n)
			neigh_event_send(n, NULL);
	}
	spin_lock_bh(&tt->lock);
	vxfp_encap_state_l2(st, ent, pf, n);
	old = rcu_replace_pointer(ent->state, st, lockdep_is_held(&tt->lock));
	spin_unlock_bh(&tt->lock);
	rcu_read_unlock_bh();
	vxfp_encap_state_release(old);
out:
	clear_bit_unlock(VXFP_ENCAP_BUSY, &ent->flags);
	return err;
}

/* Tell the neighbour code, now and then, that the next hop is in use. */
static void vxfp_encap_keepalive(struct vxfp_encap *ent,
				 const struct vxfp_encap_state *st)
{
	unsigned long now = jiffies;
	struct neighbour *n;

	if (time_before(now, READ_ONCE(ent->used) + VXFP_ENCAP_KEEPALIVE))
		return;
	WRITE_ONCE(ent->used, now);
	/*
	 * A neighbour that nothing sends through stays stale and is
	 * eventually collected; this is what keeps it confirmed.
	 */
	n = vxfp_neigh_get(ent->sw->pf, st->nh_family, &st->nh, false);
	if (n)
		neigh_event_send(n, NULL);
}

/*
 * The state to encapsulate a packet with now, or NULL for the slow path.
 * Context: BH off, under RCU.
 */
static const struct vxfp_encap_state *
vxfp_encap_state_now(struct vxfp_encap *ent)
{
	const struct vxfp_encap_state *st = vxfp_encap_state_bh(ent);
	bool stale;

	stale = test_bit(VXFP_ENCAP_STALE, &ent->flags) ||
		(st->dst && !dst_check(st->dst, st->cookie));
	if (likely(st->valid && !stale)) {
		vxfp_encap_keepalive(ent, st);
		return st;
	}
	/* Routes changed: look again now. Not usable: now and then. */
	if (!stale && time_before(jiffies, READ_ONCE(ent->retry)))
		return NULL;
	switch (vxfp_encap_resolve(ent, GFP_ATOMIC)) {
	case 0:
		st = vxfp_encap_state_bh(ent);
		return st->valid ? st : NULL;
	case -EBUSY:
		/* Another CPU is at it: the old route is as good meanwhile. */
		return st->valid ? st : NULL;
	default:
		return NULL;
	}
}

/* --- the cache ------------------------------------------------------------ */

/**
 * vxfp_tun_table_init - set a switch's tunnel table up, empty
 * @tt: the table
 *
 * Must be called before the switch's PF netdev is registered: the
 * netevent notifier finds the table through it.
 */
void vxfp_tun_table_init(struct vxfp_tun_table *tt)
{
	spin_lock_init(&tt->lock);
	INIT_LIST_HEAD(&tt->entries);
	memset(tt->ports, 0, sizeof(tt->ports));
	memset(tt->port_refs, 0, sizeof(tt->port_refs));
}

/**
 * vxfp_tun_table_destroy - end a switch's tunnel table
 * @tt: the table
 *
 * Every flow's actions must have been freed (and rcu_barrier() waited
 * for them), so no entry nor port is left; if some are, they are leaked
 * with a warning rather than freed under their users.
 *
 * Context: process.
 */
void vxfp_tun_table_destroy(struct vxfp_tun_table *tt)
{
	struct vxfp_encap *ent, *tmp;
	unsigned int i;

	spin_lock_bh(&tt->lock);
	WARN_ON(!list_empty(&tt->entries));
	/* Out of the list: the switch's memory goes, the notifier's walks. */
	list_for_each_entry_safe(ent, tmp, &tt->entries, list)
		list_del_init(&ent->list);
	for (i = 0; i < VXFP_TUN_MAX_PORTS; i++)
		WARN_ON(tt->port_refs[i]);
	spin_unlock_bh(&tt->lock);
}

static bool vxfp_encap_is(const struct vxfp_encap *ent, u8 family,
			  const union vxfp_tun_addr *src,
			  const union vxfp_tun_addr *dst, u8 tos)
{
	if (ent->family != family || ent->tos != tos)
		return false;
	if (family == AF_INET)
		return ent->src.ip4 == src->ip4 && ent->dst.ip4 == dst->ip4;
	return ipv6_addr_equal(&ent->src.ip6, &src->ip6) &&
	       ipv6_addr_equal(&ent->dst.ip6, &dst->ip6);
}

/**
 * vxfp_encap_get - the cache entry of a tunnel endpoint, referenced
 * @sw: the switch
 * @family: AF_INET or AF_INET6
 * @src: the outer source, any (0.0.0.0, ::) for the route's
 * @dst: the outer destination, unicast
 * @tos: the outer TOS or traffic class
 * @extack: where to say why not
 *
 * Finds the entry or makes it, and looks its route and next hop up at
 * once if it is not usable yet (a new entry always). An entry that cannot
 * be used (no route, not out of the PF, neighbour not resolved) is still
 * returned: its packets take the slow path until it can.
 *
 * Context: process, may sleep.
 * Return: the entry, for vxfp_encap_put(), or an ERR_PTR().
 */
struct vxfp_encap *vxfp_encap_get(struct vxfp_switch *sw, u8 family,
				  const union vxfp_tun_addr *src,
				  const union vxfp_tun_addr *dst, u8 tos,
				  struct netlink_ext_ack *extack)
{
	struct vxfp_tun_table *tt = &sw->tun;
	struct vxfp_encap_state *st;
	struct vxfp_encap *ent, *new;
	bool usable;

	if (family != AF_INET && family != AF_INET6) {
		NL_SET_ERR_MSG_MOD(extack, "Tunnel family must be IPv4 or IPv6");
		return ERR_PTR(-EAFNOSUPPORT);
	}
	if (family == AF_INET6 && !vxfp_nd_tbl()) {
		NL_SET_ERR_MSG_MOD(extack, "IPv6 is not available");
		return ERR_PTR(-EAFNOSUPPORT);
	}
	new = kzalloc(sizeof(*new), GFP_KERNEL);
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!new || !st) {
		kfree(st);
		kfree(new);
		return ERR_PTR(-ENOMEM);
	}
	new->sw = sw;
	new->family = family;
	new->tos = tos;
	/* Only the family's bytes, so that entries compare as they should. */
	if (family == AF_INET) {
		new->src.ip4 = src->ip4;
		new->dst.ip4 = dst->ip4;
	} else {
		new->src.ip6 = src->ip6;
		new->dst.ip6 = dst->ip6;
	}
	new->refs = 1;
	new->retry = jiffies;
	new->used = jiffies;
	/* Not usable until resolved. */
	st->eth.h_proto = family == AF_INET ? htons(ETH_P_IP) :
					      htons(ETH_P_IPV6);
	RCU_INIT_POINTER(new->state, st);

	spin_lock_bh(&tt->lock);
	list_for_each_entry(ent, &tt->entries, list) {
		if (vxfp_encap_is(ent, family, src, dst, tos)) {
			ent->refs++;
			goto found;
		}
	}
	list_add_tail(&new->list, &tt->entries);
	spin_unlock_bh(&tt->lock);
	vxfp_encap_resolve(new, GFP_KERNEL);
	return new;

found:
	spin_unlock_bh(&tt->lock);
	kfree(st);
	kfree(new);
	rcu_read_lock();
	usable = rcu_dereference(ent->state)->valid;
	rcu_read_unlock();
	if (!usable)
		vxfp_encap_resolve(ent, GFP_KERNEL);
	return ent;
}

/**
 * vxfp_encap_put - drop a reference to a cache entry
 * @ent: the entry, or NULL
 *
 * Context: any, BH may be off (an RCU callback); does not sleep. The
 * caller's packets are done with @ent (a grace period passed since its
 * flow was unlinked, or it never was linked).
 */
void vxfp_encap_put(struct vxfp_encap *ent)
{
	struct vxfp_tun_table *tt;
	bool last;

	if (!ent)
		return;
	tt = &ent->sw->tun;
	spin_lock_bh(&tt->lock);
	last = !--ent->refs;
	if (last)
		list_del(&ent->list);
	spin_unlock_bh(&tt->lock);
	if (!last)
		return;
	vxfp_encap_state_release(rcu_dereference_protected(ent->state, true));
	kfree_rcu(ent, rcu);
}

static int vxfp_encap_fill_addrs(struct sk_buff *msg,
				 const struct vxfp_encap *ent)
{
	if (ent->family == AF_INET)
		return nla_put_in_addr(msg, VXFP_ENCAP_A_IPV4_DST,
				       ent->dst.ip4) ||
		       (ent->src.ip4 &&
			nla_put_in_addr(msg, VXFP_ENCAP_A_IPV4_SRC,
					ent->src.ip4));
	return nla_put_in6_addr(msg, VXFP_ENCAP_A_IPV6_DST, &ent->dst.ip6) ||
	       (!ipv6_addr_any(&ent->src.ip6) &&
		nla_put_in6_addr(msg, VXFP_ENCAP_A_IPV6_SRC, &ent->src.ip6));
}

/**
 * vxfp_encap_fill - put an encapsulation action in a message
 * @msg: the message
 * @a: the action
 *
 * Puts the whole %VXFP_ACT_A_ENCAP nest, as it was requested (a source
 * left to the route is not shown).
 *
 * Return: 0 or -EMSGSIZE.
 */
int vxfp_encap_fill(struct sk_buff *msg, const struct vxfp_act_encap *a)
{
	const struct vxfp_encap *ent = a->ent;
	struct nlattr *nest;

	nest = nla_nest_start(msg, VXFP_ACT_A_ENCAP);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, VXFP_ENCAP_A_ID, be32_to_cpu(a->vni) >> 8) ||
	    vxfp_encap_fill_addrs(msg, ent) ||
	    nla_put_u16(msg, VXFP_ENCAP_A_DST_PORT, ntohs(a->dst_port)) ||
	    nla_put_u8(msg, VXFP_ENCAP_A_TOS, ent->tos) ||
	    nla_put_u8(msg, VXFP_ENCAP_A_TTL, a->ttl) ||
	    nla_put_u8(msg, VXFP_ENCAP_A_CSUM, a->csum)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* --- following neighbours ------------------------------------------------- */

static bool vxfp_encap_nh_is(const struct vxfp_encap_state *st,
			     const struct neighbour *n)
{
	return st->nh_family == n->tbl->family &&
	       !memcmp(&st->nh, n->primary_key, n->tbl->key_len);
}

/*
 * A neighbour of the switch's PF changed: give the entries it is the next
 * hop of its new MAC, or make them unusable. Context: atomic (neighbour
 * table locks may be held), under RCU.
 */
static void vxfp_tun_neigh_update(struct vxfp_switch *sw, struct neighbour *n)
{
	struct vxfp_tun_table *tt = &sw->tun;
	struct vxfp_encap *ent;

	spin_lock_bh(&tt->lock);
	/* A neighbour that went may have been replaced: take the new one. */
	if (READ_ONCE(n->dead)) {
		struct neighbour *cur;

		cur = vxfp_neigh_get(n->dev, n->tbl->family,
				     (const union vxfp_tun_addr *)n->primary_key,
				     false);
		if (cur)
			n = cur;
	}
	list_for_each_entry(ent, &tt->entries, list) {
		struct vxfp_encap_state *st, *ns, tmp;

		st = rcu_dereference_protected(ent->state,
					       lockdep_is_held(&tt->lock));
		if (!vxfp_encap_nh_is(st, n))
			continue;
		tmp.nh_family = st->nh_family;
		vxfp_encap_state_l2(&tmp, ent, n->dev, n);
		if (tmp.valid == st->valid &&
		    !memcmp(&tmp.eth, &st->eth, sizeof(tmp.eth)))
			continue;
		ns = kmemdup(st, sizeof(*st), GFP_ATOMIC);
		if (!ns) {
			/* The datapath resolves it before its next packet. */
			set_bit(VXFP_ENCAP_STALE, &ent->flags);
			continue;
		}
		dst_hold(ns->dst);
		ns->valid = tmp.valid;
		ns->eth = tmp.eth;
		rcu_assign_pointer(ent->state, ns);
		vxfp_encap_state_release(st);
	}
	spin_unlock_bh(&tt->lock);
}

/*
 * Only neighbour updates matter. NETEVENT_REDIRECT needs nothing: an ICMP
 * redirect makes a route exception that fails dst_check() of the route
 * cached before it, and the datapath looks the route up again.
 * NETEVENT_DELAY_PROBE_TIME_UPDATE neither: a NIC driver polling its flow
 * counters for neighbour use adapts its period to it, but the datapath
 * here tells the neighbour code of the use itself (keepalive). The
 * multipath hash policy events only change which of equal routes a new
 * lookup picks.
 */
static int vxfp_tun_netevent(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct neighbour *n = ptr;
	struct vxfp_switch *sw;

	if (event != NETEVENT_NEIGH_UPDATE)
		return NOTIFY_DONE;
	if (n->tbl->family != AF_INET && n->tbl->family != AF_INET6)
		return NOTIFY_DONE;
	sw = vxfp_switch_from_pf(n->dev);
	if (sw)
		vxfp_tun_neigh_update(sw, n);
	return NOTIFY_DONE;
}

static struct notifier_block vxfp_tun_netevent_nb = {
	.notifier_call = vxfp_tun_netevent,
};

/**
 * vxfp_tun_init - follow neighbours for the encapsulation caches
 *
 * Context: module init, before any switch can be made.
 */
int __init vxfp_tun_init(void)
{
	return register_netevent_notifier(&vxfp_tun_netevent_nb);
}

/**
 * vxfp_tun_exit - stop following neighbours
 *
 * Context: module exit, once every switch's table is destroyed; waits
 * for the states still to be freed.
 */
void vxfp_tun_exit(void)
{
	unregister_netevent_notifier(&vxfp_tun_netevent_nb);
	rcu_barrier();
}

/* --- encapsulation -------------------------------------------------------- */

/* The inner frame's TOS or traffic class, 0 if it is not IP. */
static u8 vxfp_tun_inner_dsfield(const struct sk_buff *skb)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	__be16 _w;
	const __be16 *w;

	if (eth->h_proto != htons(ETH_P_IP) &&
	    eth->h_proto != htons(ETH_P_IPV6))
		return 0;
	w = skb_header_pointer(skb, ETH_HLEN, sizeof(_w), &_w);
	if (!w)
		return 0;
	if (eth->h_proto == htons(ETH_P_IP))
		return ntohs(*w) & 0xff;
	return ntohs(*w) >> 4;
}

static void vxfp_tun_push_ip4(struct sk_buff *skb, struct net *net,
			      const struct vxfp_encap *ent,
			      const struct vxfp_encap_state *st,
			      const struct vxfp_act_encap *a, u8 tos)
{
	struct iphdr *iph;

	udp_set_csum(!a->csum, skb, st->saddr.ip4, ent->dst.ip4, skb->len);
	iph = __skb_push(skb, sizeof(*iph));
	skb_reset_network_header(skb);
	iph->version = 4;
	iph->ihl = sizeof(*iph) >> 2;
	iph->tos = tos;
	iph->tot_len = htons(skb->len);
	/* DF clear, as the vxlan driver's default: routers may fragment. */
	iph->frag_off = 0;
	iph->ttl = a->ttl ?: st->ttl;
	iph->protocol = IPPROTO_UDP;
	iph->saddr = st->saddr.ip4;
	iph->daddr = ent->dst.ip4;
	ip_select_ident_segs(net, skb, NULL, skb_shinfo(skb)->gso_segs ?: 1);
	ip_send_check(iph);
}

static void vxfp_tun_push_ip6(struct sk_buff *skb,
			      const struct vxfp_encap *ent,
			      const struct vxfp_encap_state *st,
			      const struct vxfp_act_encap *a, u8 tos)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct ipv6hdr *ip6h;

	/* A zero checksum only if the action says so (RFC 6935). */
	udp6_set_csum(!a->csum, skb, &st->saddr.ip6, &ent->dst.ip6,
		      skb->len);
	ip6h = __skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6_flow_hdr(ip6h, tos, 0);
	ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
	ip6h->nexthdr = IPPROTO_UDP;
	ip6h->hop_limit = a->ttl ?: st->ttl;
	ip6h->saddr = st->saddr.ip6;
	ip6h->daddr = ent->dst.ip6;
#endif
}

/**
 * vxfp_tun_encap - put a packet in a VXLAN tunnel
 * @sw: the switch
 * @a: the encapsulation
 * @skb: the packet, data at the inner frame's MAC header
 * @drop_reason: set to an enum vxfp_fp_drop_reason on %VXFP_TUN_DROP
 *
 * On %VXFP_TUN_OK the packet is ready for dev_queue_xmit() on the uplink:
 * data at the outer MAC header, skb->protocol the outer ethertype, the
 * MAC, network and transport headers the outer ones, the inner ones set.
 * A GSO packet stays one, with a UDP tunnel GSO type: the uplink, or the
 * core's software GSO, segments it. A CHECKSUM_PARTIAL inner checksum
 * stays partial; the outer UDP checksum is left to offload or computed
 * as udp_set_csum() does (local checksum offload), or zero if the action
 * has none.
 *
 * A packet whose outer IP packets would be larger than the route's or
 * the uplink's MTU is dropped (%VXFP_FP_DROP_TOO_BIG).
 *
 * Context: BH off, under RCU.
 * Return: enum vxfp_tun_verdict; the packet is untouched on %VXFP_TUN_SLOW
 * (the entry is not usable, or the packet cannot be encapsulated here: it
 * is already tunnelled, or a GSO packet too large for an IP header).
 */
enum vxfp_tun_verdict vxfp_tun_encap(struct vxfp_switch *sw,
				     const struct vxfp_act_encap *a,
				     struct sk_buff *skb,
				     unsigned int *drop_reason)
{
	const struct vxfp_encap *ent = a->ent;
	const struct vxfp_encap_state *st;
	struct net *net = read_pnet(&sw->net);
	unsigned int hlen, vlan, mtu, room;
	struct vxlanhdr *vxh;
	struct udphdr *uh;
	__be16 sport;
	u8 tos;

	st = vxfp_encap_state_now(a->ent);
	if (!st)
		return VXFP_TUN_SLOW;
	if (skb->encapsulation ||
	    (skb_is_gso(skb) &&
	     skb_shinfo(skb)->gso_type & VXFP_TUN_GSO_NOT))
		return VXFP_TUN_SLOW;
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		*drop_reason = VXFP_FP_DROP_MALFORMED;
		return VXFP_TUN_DROP;
	}

	/* What the outer IP packets carry besides the inner frame. */
	hlen = ent->family == AF_INET ? sizeof(struct iphdr) :
					sizeof(struct ipv6hdr);
	vlan = skb_vlan_tag_present(skb) ? VLAN_HLEN : 0;
	room = hlen + VXLAN_HLEN + vlan;
	mtu = min(st->mtu, READ_ONCE(sw->uplink->mtu));
	skb_reset_mac_header(skb);
	if (skb_is_gso(skb)) {
		if (mtu <= room || !skb_gso_validate_mac_len(skb, mtu - room))
			goto too_big;
		/* The headers' length fields cannot say how long it is. */
		if (skb->len + room > IP_MAX_MTU)
			return VXFP_TUN_SLOW;
	} else if (skb->len + room > mtu) {
		goto too_big;
	}

	/* From the inner frame, before it is touched. */
	tos = INET_ECN_encapsulate(ent->tos, vxfp_tun_inner_dsfield(skb));
	sport = udp_flow_src_port(net, skb, 0, 0, true);

	if (skb_cow_head(skb, room + LL_RESERVED_SPACE(sw->uplink)))
		goto nomem;
	/* An accelerated tag belongs to the inner frame. */
	if (vlan) {
		if (__vlan_insert_tag(skb, skb->vlan_proto,
				      skb_vlan_tag_get(skb)))
			goto nomem;
		__vlan_hwaccel_clear_tag(skb);
		skb_reset_mac_header(skb);
	}
	/* Inner headers, encapsulation, the tunnel's GSO type. */
	if (iptunnel_handle_offloads(skb, a->csum ? SKB_GSO_UDP_TUNNEL_CSUM :
						    SKB_GSO_UDP_TUNNEL))
		goto nomem;
	skb_set_inner_protocol(skb, htons(ETH_P_TEB));

	vxh = __skb_push(skb, sizeof(*vxh));
	vxh->vx_flags = VXLAN_HF_VNI;
	vxh->vx_vni = a->vni;

	uh = __skb_push(skb, sizeof(*uh));
	skb_reset_transport_header(skb);
	uh->source = sport;
	uh->dest = a->dst_port;
	uh->len = htons(skb->len);
	uh->check = 0;

	if (ent->family == AF_INET)
		vxfp_tun_push_ip4(skb, net, ent, st, a, tos);
	else
		vxfp_tun_push_ip6(skb, ent, st, a, tos);

	memcpy(__skb_push(skb, ETH_HLEN), &st->eth, ETH_HLEN);
	skb_reset_mac_header(skb);
	skb_reset_mac_len(skb);
	skb->protocol = st->eth.h_proto;
	return VXFP_TUN_OK;

too_big:
	*drop_reason = VXFP_FP_DROP_TOO_BIG;
	return VXFP_TUN_DROP;
nomem:
	*drop_reason = VXFP_FP_DROP_NOMEM;
	return VXFP_TUN_DROP;
}

/* --- decapsulation -------------------------------------------------------- */

/**
 * vxfp_tun_port_get - match VXLAN on an outer UDP destination port
 * @sw: the switch
 * @port: the port, non-zero
 * @extack: where to say why not
 *
 * Context: process (the flow table's mutex held).
 * Return: 0, -EINVAL, or -ENOSPC past VXFP_TUN_MAX_PORTS distinct ports.
 */
int vxfp_tun_port_get(struct vxfp_switch *sw, __be16 port,
		      struct netlink_ext_ack *extack)
{
	struct vxfp_tun_table *tt = &sw->tun;
	int i, free = -1;

	if (!port) {
		NL_SET_ERR_MSG_MOD(extack, "VXLAN UDP port cannot be 0");
		return -EINVAL;
	}
	spin_lock_bh(&tt->lock);
	for (i = 0; i < VXFP_TUN_MAX_PORTS; i++) {
		if (tt->ports[i] == port) {
			tt->port_refs[i]++;
			spin_unlock_bh(&tt->lock);
			return 0;
		}
		if (!tt->ports[i] && free < 0)
			free = i;
	}
	if (free < 0) {
		spin_unlock_bh(&tt->lock);
		NL_SET_ERR_MSG_MOD(extack,
				   "At most " __stringify(VXFP_TUN_MAX_PORTS)
				   " VXLAN UDP ports per switch");
		return -ENOSPC;
	}
	tt->port_refs[free] = 1;
	WRITE_ONCE(tt->ports[free], port);
	spin_unlock_bh(&tt->lock);
	return 0;
}

/**
 * vxfp_tun_port_put - give back what vxfp_tun_port_get() took
 * @sw: the switch
 * @port: the port
 *
 * Context: any, BH may be off; does not sleep.
 */
void vxfp_tun_port_put(struct vxfp_switch *sw, __be16 port)
{
	struct vxfp_tun_table *tt = &sw->tun;
	int i;

	spin_lock_bh(&tt->lock);
	for (i = 0; i < VXFP_TUN_MAX_PORTS; i++) {
		if (port && tt->ports[i] == port) {
			if (!--tt->port_refs[i])
				WRITE_ONCE(tt->ports[i], 0);
			break;
		}
	}
	WARN_ON_ONCE(i == VXFP_TUN_MAX_PORTS);
	spin_unlock_bh(&tt->lock);
}

static bool vxfp_tun_any_port(const struct vxfp_tun_table *tt)
{
	int i;

	for (i = 0; i < VXFP_TUN_MAX_PORTS; i++)
		if (READ_ONCE(tt->ports[i]))
			return true;
	return false;
}

static bool vxfp_tun_port_known(const struct vxfp_tun_table *tt, __be16 port)
{
	int i;

	if (!port)
		return false;
	for (i = 0; i < VXFP_TUN_MAX_PORTS; i++)
		if (READ_ONCE(tt->ports[i]) == port)
			return true;
	return false;
}

/* The VXLAN header, as the vxlan driver takes it: no extension bits. */
static bool vxfp_tun_vxlan_ok(const struct vxlanhdr *vxh)
{
	return vxh->vx_flags == VXLAN_HF_VNI &&
	       !(vxh->vx_vni & ~VXLAN_VNI_MASK);
}

/*
 * Whether the outer UDP checksum (non-zero) is right: known to be, or
 * checked here against @pseudo, the pseudo-header's sum. One checked in
 * software is marked CHECKSUM_UNNECESSARY, for the slow path not to check
 * it again. The UDP datagram ends the packet (checked by the caller).
 */
static bool vxfp_tun_csum_ok(struct sk_buff *skb, unsigned int th,
			     unsigned int ulen, __wsum pseudo)
{
	__wsum csum;

	if (skb_csum_unnecessary(skb))
		return true;
	if (skb->ip_summed == CHECKSUM_COMPLETE) {
		/* The sum covers the packet from its MAC header. */
		csum = csum_sub(skb->csum, csum_partial(skb->data, th, 0));
		/* If wrong, the slow path checks again in software. */
		return !csum_fold(csum_add(pseudo, csum));
	}
	if (csum_fold(skb_checksum(skb, th, ulen, pseudo)))
		return false;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->csum_level = 0;
	return true;
}

static unsigned int vxfp_tun_parse4(const struct vxfp_tun_table *tt,
				    struct sk_buff *skb,
				    struct vxfp_flow_key *key)
{
	const unsigned int nh = ETH_HLEN;
	const struct vxlanhdr *vxh;
	const struct udphdr *uh;
	const struct iphdr *iph;
	unsigned int th, len;

	if (!pskb_may_pull(skb, nh + sizeof(*iph)))
		return 0;
	iph = (const struct iphdr *)(skb->data + nh);
	if (iph->version != 4 || iph->ihl < 5 ||
	    iph->protocol != IPPROTO_UDP || ip_is_fragment(iph))
		return 0;
	th = nh + iph->ihl * 4;
	if (!pskb_may_pull(skb, th + VXLAN_HLEN))
		return 0;
	iph = (const struct iphdr *)(skb->data + nh);
	uh = (const struct udphdr *)(skb->data + th);
	if (!vxfp_tun_port_known(tt, uh->dest))
		return 0;
	/* Exact lengths: no trailer to take for the inner frame's. */
	len = skb->len - nh;
	if (ntohs(iph->tot_len) != len || ntohs(uh->len) != skb->len - th ||
	    skb->len - th < VXLAN_HLEN + ETH_HLEN)
		return 0;
	vxh = (const struct vxlanhdr *)(uh + 1);
	if (!vxfp_tun_vxlan_ok(vxh) || ip_fast_csum(iph, iph->ihl))
		return 0;
	if (uh->check &&
	    !vxfp_tun_csum_ok(skb, th, skb->len - th,
			      csum_tcpudp_nofold(iph->saddr, iph->daddr,
						 skb->len - th, IPPROTO_UDP,
						 0)))
		return 0;

	key->tun.vni = be32_to_cpu(vxh->vx_vni) >> 8;
	key->tun.tp_dst = uh->dest;
	key->tun.tos = iph->tos;
	key->tun.ttl = iph->ttl;
	key->tun.ipv4.src = iph->saddr;
	key->tun.ipv4.dst = iph->daddr;
	key->tun.addr_family = AF_INET;
	return th + VXLAN_HLEN;
}

static unsigned int vxfp_tun_parse6(const struct vxfp_tun_table *tt,
				    struct sk_buff *skb,
				    struct vxfp_flow_key *key)
{
	const unsigned int nh = ETH_HLEN, th = nh + sizeof(struct ipv6hdr);
	const struct ipv6hdr *ip6h;
	const struct vxlanhdr *vxh;
	const struct udphdr *uh;

	if (!pskb_may_pull(skb, th + VXLAN_HLEN))
		return 0;
	ip6h = (const struct ipv6hdr *)(skb->data + nh);
	uh = (const struct udphdr *)(skb->data + th);
	/* UDP right after the IPv6 header: extension headers are slow. */
	if (ip6h->version != 6 || ip6h->nexthdr != IPPROTO_UDP ||
	    !vxfp_tun_port_known(tt, uh->dest))
		return 0;
	if (ntohs(ip6h->payload_len) != skb->len - th ||
	    ntohs(uh->len) != skb->len - th ||
	    skb->len - th < VXLAN_HLEN + ETH_HLEN)
		return 0;
	vxh = (const struct vxlanhdr *)(uh + 1);
	if (!vxfp_tun_vxlan_ok(vxh))
		return 0;
	/* A zero checksum is taken, as encapsulation may send one. */
	if (uh->check &&
	    !vxfp_tun_csum_ok(skb, th, skb->len - th,
			      ~csum_unfold(csum_ipv6_magic(&ip6h->saddr,
							   &ip6h->daddr,
							   skb->len - th,
							   IPPROTO_UDP, 0))))
		return 0;

	key->tun.vni = be32_to_cpu(vxh->vx_vni) >> 8;
	key->tun.tp_dst = uh->dest;
	key->tun.tos = ipv6_get_dsfield(ip6h);
	key->tun.ttl = ip6h->hop_limit;
	key->tun.ipv6.src = ip6h->saddr;
	key->tun.ipv6.dst = ip6h->daddr;
	key->tun.addr_family = AF_INET6;
	return th + VXLAN_HLEN;
}

/**
 * vxfp_tun_parse - whether a packet from the wire is VXLAN for the switch
 * @sw: the switch
 * @skb: the packet, data at its (outer) MAC header
 * @key: its key; the tunnel fields are filled if it is, left zero if not
 *
 * A packet is, if it is addressed to the PF's MAC (or multicast), IPv4
 * (not a fragment, right header checksum) or IPv6 (no extension headers)
 * with no VLAN tag, UDP to one of the switch's VXLAN ports, with lengths
 * that end the UDP datagram with the packet, a valid VXLAN header (I
 * flag, no reserved bits) and a right UDP checksum if it has one. A GSO
 * packet must be a UDP tunnel one (as GRO makes them). Packets with an
 * outer VLAN tag are not decapsulated here: their tunnel address is on a
 * VLAN netdev over the PF, whose route encapsulation does not take
 * either; the slow path has them.
 *
 * May pull headers in, or mark a checksum it checked as unnecessary; the
 * data pointer stays.
 *
 * Context: BH off, under RCU.
 * Return: the inner Ethernet header's offset from @skb's data, 0 if the
 * packet is not a VXLAN one for the switch.
 */
unsigned int vxfp_tun_parse(struct vxfp_switch *sw, struct sk_buff *skb,
			    struct vxfp_flow_key *key)
{
	const struct vxfp_tun_table *tt = &sw->tun;
	const struct ethhdr *eth;

	if (!vxfp_tun_any_port(tt))
		return 0;
	if (skb_vlan_tag_present(skb) || !pskb_may_pull(skb, ETH_HLEN))
		return 0;
	if (skb_is_gso(skb) &&
	    !(skb_shinfo(skb)->gso_type & (SKB_GSO_UDP_TUNNEL |
					   SKB_GSO_UDP_TUNNEL_CSUM)))
		return 0;
	eth = (const struct ethhdr *)skb->data;
	/* Not what the wire carries for other hosts (promiscuous uplink). */
	if (!is_multicast_ether_addr(eth->h_dest) &&
	    !ether_addr_equal_64bits(eth->h_dest, sw->pf->dev_addr))
		return 0;
	if (eth->h_proto == htons(ETH_P_IP))
		return vxfp_tun_parse4(tt, skb, key);
	if (eth->h_proto == htons(ETH_P_IPV6))
		return vxfp_tun_parse6(tt, skb, key);
	return 0;
}

/*
 * RFC 6040 decapsulation of an outer CE mark, as the vxlan driver does:
 * onto an ECN-capable inner IP packet; a packet that is not is dropped.
 */
static int vxfp_tun_ecn_decap(struct sk_buff *skb, u8 outer)
{
	const unsigned int nh = ETH_HLEN;

	if (!INET_ECN_is_ce(outer))
		return 0;
	if (skb->protocol == htons(ETH_P_IP)) {
		struct iphdr *iph;

		if (!pskb_may_pull(skb, nh + sizeof(*iph)))
			return 0;
		iph = (struct iphdr *)(skb->data + nh);
		if (INET_ECN_is_not_ect(iph->tos))
			return -EINVAL;
		if (skb_ensure_writable(skb, nh + sizeof(*iph)))
			return -ENOMEM;
		/* Keeps the header's sum, so a CHECKSUM_COMPLETE one too. */
		IP_ECN_set_ce((struct iphdr *)(skb->data + nh));
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6h;

		if (!pskb_may_pull(skb, nh + sizeof(*ip6h)))
			return 0;
		ip6h = (struct ipv6hdr *)(skb->data + nh);
		if (INET_ECN_is_not_ect(ipv6_get_dsfield(ip6h)))
			return -EINVAL;
		if (skb_ensure_writable(skb, nh + sizeof(*ip6h)))
			return -ENOMEM;
		IP6_ECN_set_ce(skb, (struct ipv6hdr *)(skb->data + nh));
	}
	return 0;
}

/**
 * vxfp_tun_decap - take a packet out of its VXLAN tunnel
 * @skb: the packet, data at the outer MAC header, as vxfp_tun_parse()
 *	took it
 * @inner_off: what vxfp_tun_parse() returned, non-zero
 *
 * As iptunnel_pull_header() does: the outer headers go (a
 * CHECKSUM_COMPLETE sum follows), and with them the tunnel's GSO type
 * bits, skb->encapsulation and the checksum level the outer UDP checksum
 * took; skb->protocol is the inner ethertype, the hash (unless L4), route
 * and the rest of the packet's state from the wire are cleared. The MAC
 * header is the inner one, the network header after it (those GRO found
 * for a GSO packet). An outer CE mark is put on the inner IP header.
 *
 * Context: BH off, under RCU.
 * Return: 0, data at the inner MAC header, or -errno (a drop).
 */
int vxfp_tun_decap(struct sk_buff *skb, unsigned int inner_off)
{
	const struct iphdr *iph;
	bool tun_gso;
	__be16 proto;
	u8 outer;
	int err;

	if (!pskb_may_pull(skb, inner_off + ETH_HLEN))
		return -EINVAL;
	/* Checked by vxfp_tun_parse(): IPv4 or IPv6 after ETH_HLEN. */
	iph = (const struct iphdr *)(skb->data + ETH_HLEN);
	if (iph->version == 4)
		outer = iph->tos;
	else
		outer = ipv6_get_dsfield((const struct ipv6hdr *)iph);
	tun_gso = skb_is_gso(skb) &&
		  skb_shinfo(skb)->gso_type & (SKB_GSO_UDP_TUNNEL |
					       SKB_GSO_UDP_TUNNEL_CSUM);

	skb_pull_rcsum(skb, inner_off);
	skb_reset_mac_header(skb);
	proto = eth_hdr(skb)->h_proto;
	skb->protocol = eth_proto_is_802_3(proto) ? proto : htons(ETH_P_802_2);
	/* The outer UDP checksum, even zero, was the outermost level. */
	if (skb->ip_summed == CHECKSUM_UNNECESSARY)
		__skb_decr_checksum_unnecessary(skb);
	err = iptunnel_pull_offloads(skb);
	if (err)
		return err;
	if (tun_gso) {
		skb_set_network_header(skb, skb_inner_network_offset(skb));
		skb_set_transport_header(skb, skb_inner_transport_offset(skb));
	} else {
		skb_set_network_header(skb, ETH_HLEN);
		skb_set_transport_header(skb, ETH_HLEN);
	}
	skb_clear_hash_if_not_l4(skb);
	skb_set_queue_mapping(skb, 0);
	skb_scrub_packet(skb, false);
	return vxfp_tun_ecn_decap(skb, outer);
}

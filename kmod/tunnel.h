/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VXLAN in the fast path: encapsulation towards tunnel endpoints whose
 * route and neighbour are cached per switch, and decapsulation of what
 * arrives on the uplink for the UDP ports the switch's flows match.
 */
#ifndef _VXFP_TUNNEL_H
#define _VXFP_TUNNEL_H

#include <linux/in6.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct netlink_ext_ack;
struct sk_buff;
struct vxfp_act_encap;
struct vxfp_flow_key;
struct vxfp_switch;

/* Most distinct VXLAN UDP ports the flows of one switch may match. */
#define VXFP_TUN_MAX_PORTS	4

/**
 * union vxfp_tun_addr - an IPv4 or IPv6 address
 * @ip4: IPv4
 * @ip6: IPv6
 */
union vxfp_tun_addr {
	__be32 ip4;
	struct in6_addr ip6;
};

/**
 * struct vxfp_tun_table - a switch's tunnel state
 * @lock: protects @entries and the ports' reference counts; taken with BH
 *	off, since entries are released from RCU callbacks
 * @entries: the encapsulation cache entries (struct vxfp_encap)
 * @ports: the outer UDP destination ports of the switch's decapsulation
 *	flows, 0 for a free slot; read locklessly by the datapath
 * @port_refs: how many flows match each of @ports
 */
struct vxfp_tun_table {
	spinlock_t lock;	/* entries, port_refs and writes of ports */
	struct list_head entries;
	__be16 ports[VXFP_TUN_MAX_PORTS];
	u32 port_refs[VXFP_TUN_MAX_PORTS];
};

/**
 * enum vxfp_tun_verdict - what vxfp_tun_encap() did
 * @VXFP_TUN_OK: the packet is encapsulated, data at its outer MAC header
 * @VXFP_TUN_SLOW: untouched, for the slow path: the route or neighbour
 *	is not resolved yet (resolution was started), or the route does not
 *	go out of the switch's uplink
 * @VXFP_TUN_DROP: to drop, for the reason given
 */
enum vxfp_tun_verdict {
	VXFP_TUN_OK,
	VXFP_TUN_SLOW,
	VXFP_TUN_DROP,
};

/*
 * A switch's table is set up before its PF netdev is registered (the
 * netevent notifier finds it through the PF's neighbours) and destroyed
 * after every flow's actions were freed (rcu_barrier() first), not before
 * the PF netdev is gone. vxfp_tun_init() comes before any switch can be
 * made, vxfp_tun_exit() after every switch is released.
 */
void vxfp_tun_table_init(struct vxfp_tun_table *tt);
void vxfp_tun_table_destroy(struct vxfp_tun_table *tt);

struct vxfp_encap *vxfp_encap_get(struct vxfp_switch *sw, u8 family,
				  const union vxfp_tun_addr *src,
				  const union vxfp_tun_addr *dst, u8 tos,
				  struct netlink_ext_ack *extack);
void vxfp_encap_put(struct vxfp_encap *ent);
int vxfp_encap_fill(struct sk_buff *msg, const struct vxfp_act_encap *a);

enum vxfp_tun_verdict vxfp_tun_encap(struct vxfp_switch *sw,
				     const struct vxfp_act_encap *a,
				     struct sk_buff *skb,
				     unsigned int *drop_reason);

int vxfp_tun_port_get(struct vxfp_switch *sw, __be16 port,
		      struct netlink_ext_ack *extack);
void vxfp_tun_port_put(struct vxfp_switch *sw, __be16 port);
unsigned int vxfp_tun_parse(struct vxfp_switch *sw, struct sk_buff *skb,
			    struct vxfp_flow_key *key);
int vxfp_tun_decap(struct sk_buff *skb, unsigned int inner_off);

int vxfp_tun_init(void);
void vxfp_tun_exit(void);

#endif /* _VXFP_TUNNEL_H */

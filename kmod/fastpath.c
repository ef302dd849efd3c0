// SPDX-License-Identifier: GPL-2.0
/*
 * The fast path of a switch in switchdev mode: the "hardware" of the
 * eSwitch. What a VF sends and what arrives on the uplink is looked up in
 * the switch's flow table; a flow's actions then run on the packet right
 * there, in the sender's context, and only what matches no flow goes on
 * to the slow path (a VF's representor, the PF) as before.
 *
 * Everything here runs with BH disabled, under RCU, with the packet's data
 * at its MAC header; a CHECKSUM_COMPLETE sum covers the data from there.
 */
#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/sctp.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/workqueue.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "actions.h"
#include "datapath.h"
#include "fastpath.h"
#include "flow_table.h"
#include "switch.h"
#include "tunnel.h"

/* Most goto chain steps a packet may take. */
#define VXFP_FP_MAX_DEPTH	8
/* How often the masks are sorted again by how many packets they take. */
#define VXFP_FP_REBALANCE	HZ

/* The seed of vxfp_fp_hash(). */
static u32 vxfp_fp_hashrnd __read_mostly;

static void vxfp_fp_inc(struct vxfp_switch *sw, unsigned int ctr)
{
	struct vxfp_fp_stats *st = this_cpu_ptr(sw->fp_stats);

	u64_stats_update_begin(&st->syncp);
	u64_stats_inc(&st->ctr[ctr]);
	u64_stats_update_end(&st->syncp);
}

static void vxfp_fp_count_drop(struct vxfp_switch *sw, unsigned int reason)
{
	struct vxfp_fp_stats *st = this_cpu_ptr(sw->fp_stats);

	u64_stats_update_begin(&st->syncp);
	u64_stats_inc(&st->drops[reason]);
	u64_stats_update_end(&st->syncp);
}

static void vxfp_fp_drop(struct vxfp_switch *sw, struct sk_buff *skb,
			 unsigned int reason)
{
	vxfp_fp_count_drop(sw, reason);
	kfree_skb(skb);
}

static struct iphdr *vxfp_iph(struct sk_buff *skb, unsigned int nh)
{
	return (struct iphdr *)(skb->data + nh);
}

/**
 * vxfp_fp_read_stats - a switch's fast-path counters, summed over the CPUs
 * @sw: the switch
 * @t: the sums
 */
void vxfp_fp_read_stats(const struct vxfp_switch *sw,
			struct vxfp_fp_totals *t)
{
	int cpu, i;

	memset(t, 0, sizeof(*t));
	for_each_possible_cpu(cpu) {
		const struct vxfp_fp_stats *st = per_cpu_ptr(sw->fp_stats, cpu);
		struct vxfp_fp_totals c;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			c.hits = u64_stats_read(&st->ctr[VXFP_FPC_HITS]);
			c.misses = u64_stats_read(&st->ctr[VXFP_FPC_MISSES]);
			c.encap = u64_stats_read(&st->ctr[VXFP_FPC_ENCAP]);
			c.decap = u64_stats_read(&st->ctr[VXFP_FPC_DECAP]);
			c.slow_path = u64_stats_read(&st->ctr[VXFP_FPC_SLOW_PATH]);
			for (i = 0; i < __VXFP_FP_DROP_MAX; i++)
				c.drops[i] = u64_stats_read(&st->drops[i]);
		} while (u64_stats_fetch_retry(&st->syncp, start));
		t->hits += c.hits;
		t->misses += c.misses;
		t->encap += c.encap;
		t->decap += c.decap;
		t->slow_path += c.slow_path;
		for (i = 0; i < __VXFP_FP_DROP_MAX; i++)
			t->drops[i] += c.drops[i];
	}
}

/* --- the key of a packet ------------------------------------------------ */

static void vxfp_fp_extract_l4(const struct sk_buff *skb, unsigned int off,
			       u8 proto, struct vxfp_flow_key *key)
{
	union {
		struct tcphdr tcp;
		struct udphdr udp;
		struct sctphdr sctp;
		struct icmphdr icmp;
	} buf;
	const void *h;

	switch (proto) {
	case IPPROTO_TCP: {
		const struct tcphdr *th;

		th = skb_header_pointer(skb, off, sizeof(buf.tcp), &buf);
		if (!th)
			return;
		key->tp.src = th->source;
		key->tp.dst = th->dest;
		key->tp.flags = htons((ntohl(tcp_flag_word(th)) >> 16) &
				      0x0fff);
		return;
	}
	case IPPROTO_UDP:
	case IPPROTO_SCTP:
		/* Ports first in both. */
		h = skb_header_pointer(skb, off, sizeof(buf.udp), &buf);
		if (!h)
			return;
		key->tp.src = ((const struct udphdr *)h)->source;
		key->tp.dst = ((const struct udphdr *)h)->dest;
		return;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		/* Type and code first in both. */
		h = skb_header_pointer(skb, off, 2, &buf);
		if (!h)
			return;
		key->tp.icmp_type = ((const u8 *)h)[0];
		key->tp.icmp_code = ((const u8 *)h)[1];
		return;
	}
}

/*
 * Past an IPv6 header's extension headers to the upper layer: its offset
 * and protocol, and whether the packet is a fragment. Return: the offset,
 * or 0 if there is no upper layer header to look at.
 */
static unsigned int vxfp_fp_ipv6_skip(const struct sk_buff *skb,
				      unsigned int off, u8 *proto, u8 *frag)
{
	unsigned int i;

	*frag = 0;
	for (i = 0; i < 8; i++) {
		struct ipv6_opt_hdr _h;
		const struct ipv6_opt_hdr *h;
		struct frag_hdr _fh;
		const struct frag_hdr *fh;

		switch (*proto) {
		case NEXTHDR_HOP:
		case NEXTHDR_ROUTING:
		case NEXTHDR_DEST:
			h = skb_header_pointer(skb, off, sizeof(_h), &_h);
			if (!h)
				return 0;
			*proto = h->nexthdr;
			off += ipv6_optlen(h);
			break;
		case NEXTHDR_FRAGMENT:
			fh = skb_header_pointer(skb, off, sizeof(_fh), &_fh);
			if (!fh)
				return 0;
			*proto = fh->nexthdr;
			*frag |= VXFP_FLOW_FRAG_IS;
			if (fh->frag_off & htons(IP6_OFFSET)) {
				*frag |= VXFP_FLOW_FRAG_LATER;
				return 0;
			}
			off += sizeof(*fh);
			break;
		default:
			return off;
		}
	}
	return 0;
}

static void vxfp_fp_extract_l3(const struct sk_buff *skb, unsigned int off,
			       struct vxfp_flow_key *key)
{
	switch (key->eth.type) {
	case htons(ETH_P_IP): {
		struct iphdr _iph;
		const struct iphdr *iph;

		iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
		if (!iph || iph->version != 4 || iph->ihl < 5)
			return;
		key->ip.proto = iph->protocol;
		key->ip.tos = iph->tos;
		key->ip.ttl = iph->ttl;
		key->ip.ipv4.src = iph->saddr;
		key->ip.ipv4.dst = iph->daddr;
		if (ip_is_fragment(iph)) {
			key->ip.frag = VXFP_FLOW_FRAG_IS;
			if (iph->frag_off & htons(IP_OFFSET)) {
				key->ip.frag |= VXFP_FLOW_FRAG_LATER;
				return;
			}
		}
		vxfp_fp_extract_l4(skb, off + iph->ihl * 4, iph->protocol, key);
		return;
	}
	case htons(ETH_P_IPV6): {
		struct ipv6hdr _ip6h;
		const struct ipv6hdr *ip6h;
		unsigned int l4;
		u8 proto;

		ip6h = skb_header_pointer(skb, off, sizeof(_ip6h), &_ip6h);
		if (!ip6h || ip6h->version != 6)
			return;
		key->ip.tos = ipv6_get_dsfield(ip6h);
		key->ip.ttl = ip6h->hop_limit;
		key->ip.ipv6.src = ip6h->saddr;
		key->ip.ipv6.dst = ip6h->daddr;
		proto = ip6h->nexthdr;
		l4 = vxfp_fp_ipv6_skip(skb, off + sizeof(*ip6h), &proto,
				       &key->ip.frag);
		key->ip.proto = proto;
		if (l4)
			vxfp_fp_extract_l4(skb, l4, proto, key);
		return;
	}
	case htons(ETH_P_ARP): {
		struct {
			struct arphdr hdr;
			u8 sha[ETH_ALEN];
			__be32 sip;
			u8 tha[ETH_ALEN];
			__be32 tip;
		} __packed _arp;
		const typeof(_arp) *arp;

		arp = skb_header_pointer(skb, off, sizeof(_arp), &_arp);
		if (!arp || arp->hdr.ar_hrd != htons(ARPHRD_ETHER) ||
		    arp->hdr.ar_pro != htons(ETH_P_IP) ||
		    arp->hdr.ar_hln != ETH_ALEN || arp->hdr.ar_pln != 4)
			return;
		key->ip.arp.op = arp->hdr.ar_op;
		key->ip.arp.sip = arp->sip;
		key->ip.arp.tip = arp->tip;
		ether_addr_copy(key->ip.arp.sha, arp->sha);
		ether_addr_copy(key->ip.arp.tha, arp->tha);
		return;
	}
	}
}

/**
 * vxfp_fp_extract - fill a key from a packet's headers
 * @skb: the packet, data at the MAC header of the outer frame
 * @off: offset of the frame to look at from @skb's data: 0, or where the
 *	inner frame of a tunnel packet starts
 * @key: filled from the frame, but for in_port, chain and tunnel fields,
 *	which are the caller's; the rest must be zero
 *
 * Fields of headers the packet does not have (or has too short) stay zero.
 *
 * Return: 0, or -EINVAL if the frame has no whole Ethernet header.
 */
int vxfp_fp_extract(const struct sk_buff *skb, unsigned int off,
		    struct vxfp_flow_key *key)
{
	struct ethhdr _eth;
	const struct ethhdr *eth;
	struct vlan_hdr _vh;
	const struct vlan_hdr *vh;
	bool outer = !off;
	__be16 type;

	eth = skb_header_pointer(skb, off, sizeof(_eth), &_eth);
	if (!eth)
		return -EINVAL;
	ether_addr_copy(key->eth.dst, eth->h_dest);
	ether_addr_copy(key->eth.src, eth->h_source);
	type = eth->h_proto;
	off += ETH_HLEN;

	/* The outer tag, accelerated or not, then an inner one. */
	if (outer && skb_vlan_tag_present(skb)) {
		key->eth.vlan_tpid = skb->vlan_proto;
		key->eth.vlan_tci = htons(skb_vlan_tag_get(skb) &
					  ~VLAN_CFI_MASK);
	}
	if (eth_type_vlan(type)) {
		vh = skb_header_pointer(skb, off, sizeof(_vh), &_vh);
		if (!vh)
			goto out;
		if (!key->eth.vlan_tpid) {
			key->eth.vlan_tpid = type;
			key->eth.vlan_tci = vh->h_vlan_TCI &
					    ~htons(VLAN_CFI_MASK);
		} else {
			key->eth.cvlan_tci = vh->h_vlan_TCI &
					     ~htons(VLAN_CFI_MASK);
		}
		type = vh->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}
	if (eth_type_vlan(type) && !key->eth.cvlan_tci) {
		vh = skb_header_pointer(skb, off, sizeof(_vh), &_vh);
		if (!vh)
			goto out;
		key->eth.cvlan_tci = vh->h_vlan_TCI & ~htons(VLAN_CFI_MASK);
		type = vh->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}
out:
	key->eth.type = type;
	vxfp_fp_extract_l3(skb, off, key);
	return 0;
}

/* --- actions -------------------------------------------------------------- */

/* Offset of the L3 header past any in-band VLAN tags; its type in *type. */
static int vxfp_fp_l3_off(struct sk_buff *skb, __be16 *type)
{
	unsigned int off = ETH_HLEN;
	__be16 t;
	int i;

	if (!pskb_may_pull(skb, ETH_HLEN))
		return -EINVAL;
	t = eth_hdr(skb)->h_proto;
	for (i = 0; i < 2 && eth_type_vlan(t); i++) {
		if (!pskb_may_pull(skb, off + VLAN_HLEN))
			return -EINVAL;
		t = ((struct vlan_hdr *)(skb->data + off))->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}
	*type = t;
	return off;
}

/*
 * Make the first @len bytes of the packet writable. A CHECKSUM_COMPLETE
 * sum is given up on: the receiver checks the packet itself.
 */
static int vxfp_fp_writable(struct sk_buff *skb, unsigned int len)
{
	int err;

	err = skb_ensure_writable(skb, len);
	if (err)
		return err;
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

/* The L4 header of an IP packet at @nh that may change: its offset. */
static int vxfp_fp_l4_off(struct sk_buff *skb, __be16 type, unsigned int nh,
			  u8 *proto)
{
	const struct ipv6hdr *ip6h;
	unsigned int off;
	u8 frag;

	if (type == htons(ETH_P_IP)) {
		const struct iphdr *iph = vxfp_iph(skb, nh);

		if (iph->frag_off & htons(IP_OFFSET))
			return -EINVAL;
		*proto = iph->protocol;
		return nh + iph->ihl * 4;
	}
	ip6h = (const struct ipv6hdr *)(skb->data + nh);
	*proto = ip6h->nexthdr;
	off = vxfp_fp_ipv6_skip(skb, nh + sizeof(*ip6h), proto, &frag);
	return off ?: -EINVAL;
}

/* Where the L4 checksum of a TCP or UDP header at @off is, if it has one. */
static __sum16 *vxfp_fp_l4_csum(struct sk_buff *skb, unsigned int off,
				u8 proto)
{
	if (proto == IPPROTO_TCP) {
		if (!pskb_may_pull(skb, off + sizeof(struct tcphdr)) ||
		    skb_ensure_writable(skb, off + sizeof(struct tcphdr)))
			return NULL;
		return &((struct tcphdr *)(skb->data + off))->check;
	}
	if (proto == IPPROTO_UDP) {
		struct udphdr *uh;

		if (!pskb_may_pull(skb, off + sizeof(*uh)) ||
		    skb_ensure_writable(skb, off + sizeof(*uh)))
			return NULL;
		uh = (struct udphdr *)(skb->data + off);
		/* An IPv4 UDP packet without a checksum keeps none. */
		if (!uh->check && skb->ip_summed != CHECKSUM_PARTIAL)
			return NULL;
		return &uh->check;
	}
	return NULL;
}

/* The pseudo-header's address changed from @from to @to: fix L4. */
static void vxfp_fp_l4_addr_changed(struct sk_buff *skb, __be16 type,
				    unsigned int nh, __be32 from, __be32 to)
{
	__sum16 *sum;
	int l4;
	u8 proto;

	l4 = vxfp_fp_l4_off(skb, type, nh, &proto);
	if (l4 < 0)
		return;
	sum = vxfp_fp_l4_csum(skb, l4, proto);
	if (!sum)
		return;
	inet_proto_csum_replace4(sum, skb, from, to, true);
	if (proto == IPPROTO_UDP && !*sum)
		*sum = CSUM_MANGLED_0;
}

static int vxfp_fp_mangle(struct sk_buff *skb, const struct vxfp_action *a)
{
	unsigned int off = a->mangle.off;
	__be32 *p, old, new;
	__be16 type;
	int nh, l4;
	u8 proto;

	if (a->mangle.hdr == VXFP_MANGLE_ETH) {
		if (vxfp_fp_writable(skb, off + 4))
			return -ENOMEM;
		p = (__be32 *)(skb->data + off);
		*p = (*p & ~a->mangle.mask) | a->mangle.val;
		return 0;
	}
	nh = vxfp_fp_l3_off(skb, &type);
	if (nh < 0)
		return nh;
	switch (a->mangle.hdr) {
	case VXFP_MANGLE_IP4:
		if (type != htons(ETH_P_IP) ||
		    !pskb_may_pull(skb, nh + sizeof(struct iphdr)))
			return -EINVAL;
		if (skb_ensure_writable(skb, nh + off + 4))
			return -ENOMEM;
		p = (__be32 *)(skb->data + nh + off);
		old = *p;
		new = (old & ~a->mangle.mask) | a->mangle.val;
		if (old == new)
			return 0;
		*p = new;
		csum_replace4(&vxfp_iph(skb, nh)->check, old, new);
		if (off >= offsetof(struct iphdr, saddr))
			vxfp_fp_l4_addr_changed(skb, type, nh, old, new);
		return 0;
	case VXFP_MANGLE_IP6:
		if (type != htons(ETH_P_IPV6) ||
		    !pskb_may_pull(skb, nh + sizeof(struct ipv6hdr)))
			return -EINVAL;
		if (vxfp_fp_writable(skb, nh + off + 4))
			return -ENOMEM;
		p = (__be32 *)(skb->data + nh + off);
		old = *p;
		new = (old & ~a->mangle.mask) | a->mangle.val;
		if (old == new)
			return 0;
		*p = new;
		if (off >= offsetof(struct ipv6hdr, saddr))
			vxfp_fp_l4_addr_changed(skb, type, nh, old, new);
		return 0;
	case VXFP_MANGLE_TCP:
	case VXFP_MANGLE_UDP:
		if (type != htons(ETH_P_IP) && type != htons(ETH_P_IPV6))
			return -EINVAL;
		if (!pskb_may_pull(skb, nh + (type == htons(ETH_P_IP) ?
					      sizeof(struct iphdr) :
					      sizeof(struct ipv6hdr))))
			return -EINVAL;
		l4 = vxfp_fp_l4_off(skb, type, nh, &proto);
		if (l4 < 0 || proto != (a->mangle.hdr == VXFP_MANGLE_TCP ?
					IPPROTO_TCP : IPPROTO_UDP))
			return -EINVAL;
		if (!pskb_may_pull(skb, l4 + off + 4))
			return -EINVAL;
		if (skb_ensure_writable(skb, l4 + off + 4))
			return -ENOMEM;
		p = (__be32 *)(skb->data + l4 + off);
		old = *p;
		new = (old & ~a->mangle.mask) | a->mangle.val;
		if (old == new)
			return 0;
		*p = new;
		{
			__sum16 *sum = vxfp_fp_l4_csum(skb, l4, proto);

			if (sum) {
				inet_proto_csum_replace4(sum, skb, old, new,
							 false);
				if (proto == IPPROTO_UDP && !*sum)
					*sum = CSUM_MANGLED_0;
			}
		}
		return 0;
	}
	return -EINVAL;
}

/* Set (@dec false) or decrement the TTL; -EAGAIN: it would expire. */
static int vxfp_fp_ttl(struct sk_buff *skb, bool dec, u8 ttl)
{
	__be16 type;
	int nh;

	nh = vxfp_fp_l3_off(skb, &type);
	if (nh < 0)
		return nh;
	if (type == htons(ETH_P_IP)) {
		struct iphdr *iph;

		if (!pskb_may_pull(skb, nh + sizeof(*iph)) ||
		    skb_ensure_writable(skb, nh + sizeof(*iph)))
			return -EINVAL;
		iph = vxfp_iph(skb, nh);
		if (dec) {
			if (iph->ttl <= 1)
				return -EAGAIN;
			ip_decrease_ttl(iph);
		} else {
			csum_replace2(&iph->check, htons(iph->ttl << 8),
				      htons(ttl << 8));
			iph->ttl = ttl;
		}
		return 0;
	}
	if (type == htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6h;

		if (!pskb_may_pull(skb, nh + sizeof(*ip6h)) ||
		    vxfp_fp_writable(skb, nh + sizeof(*ip6h)))
			return -EINVAL;
		ip6h = (struct ipv6hdr *)(skb->data + nh);
		if (dec) {
			if (ip6h->hop_limit <= 1)
				return -EAGAIN;
			ip6h->hop_limit--;
		} else {
			ip6h->hop_limit = ttl;
		}
		return 0;
	}
	return -EINVAL;
}

static int vxfp_fp_dscp(struct sk_buff *skb, u8 dscp)
{
	__be16 type;
	int nh;

	nh = vxfp_fp_l3_off(skb, &type);
	if (nh < 0)
		return nh;
	if (type == htons(ETH_P_IP)) {
		if (!pskb_may_pull(skb, nh + sizeof(struct iphdr)) ||
		    skb_ensure_writable(skb, nh + sizeof(struct iphdr)))
			return -EINVAL;
		ipv4_change_dsfield(vxfp_iph(skb, nh), INET_ECN_MASK,
				    dscp << 2);
		return 0;
	}
	if (type == htons(ETH_P_IPV6)) {
		if (!pskb_may_pull(skb, nh + sizeof(struct ipv6hdr)) ||
		    vxfp_fp_writable(skb, nh + sizeof(struct ipv6hdr)))
			return -EINVAL;
		ipv6_change_dsfield((struct ipv6hdr *)(skb->data + nh),
				    INET_ECN_MASK, dscp << 2);
		return 0;
	}
	return -EINVAL;
}

static int vxfp_fp_vlan_modify(struct sk_buff *skb, const struct vxfp_action *a)
{
	struct vlan_hdr *vh;
	u16 tci;

	if (skb_vlan_tag_present(skb)) {
		tci = (skb_vlan_tag_get(skb) & ~a->vlan.tci_mask) |
		      a->vlan.tci;
		__vlan_hwaccel_put_tag(skb, skb->vlan_proto, tci);
		return 0;
	}
	if (!pskb_may_pull(skb, VLAN_ETH_HLEN) ||
	    !eth_type_vlan(eth_hdr(skb)->h_proto))
		return -EINVAL;
	if (vxfp_fp_writable(skb, VLAN_ETH_HLEN))
		return -ENOMEM;
	vh = (struct vlan_hdr *)(skb->data + ETH_HLEN);
	tci = (ntohs(vh->h_vlan_TCI) & ~a->vlan.tci_mask) | a->vlan.tci;
	vh->h_vlan_TCI = htons(tci);
	return 0;
}

/**
 * struct vxfp_fp_pkt - a packet on its way through the fast path
 * @sw: its switch
 * @vp: the VF it came from, NULL if from the uplink
 * @key: its key, as last looked up
 * @encap: the tunnel outputs to the uplink put it in, NULL for none
 * @depth: goto chain steps taken
 */
struct vxfp_fp_pkt {
	struct vxfp_switch *sw;
	struct vxfp_vport *vp;
	struct vxfp_flow_key key;
	const struct vxfp_act_encap *encap;
	unsigned int depth;
};

/* The slow path, for a packet a flow matched but cannot finish. */
static void vxfp_fp_slow(struct vxfp_fp_pkt *pkt, struct sk_buff *skb)
{
	vxfp_fp_inc(pkt->sw, VXFP_FPC_SLOW_PATH);
	if (pkt->vp)
		vxfp_dp_to_rep(pkt->vp, skb);
	else
		vxfp_dp_to_pf(pkt->sw, skb);
}

/*
 * The packet's flow hash, for the outer UDP source port of a tunnel, from
 * the key of its lookup: the flow dissector would find the same fields
 * again, at a cost that make bench's profile shows as large as the whole
 * encapsulation. As the dissector, no ports for fragments, so that all of
 * a datagram's take one path. A hash the packet has (its socket's) stays,
 * and non-IP frames are left to the dissector.
 */
static void vxfp_fp_hash(struct sk_buff *skb, const struct vxfp_flow_key *key)
{
	bool l4 = !key->ip.frag;
	u32 hash;

	if (skb->l4_hash || skb->sw_hash ||
	    (key->eth.type != htons(ETH_P_IP) &&
	     key->eth.type != htons(ETH_P_IPV6)))
		return;
	net_get_random_once(&vxfp_fp_hashrnd, sizeof(vxfp_fp_hashrnd));
	/* For IPv4 the rest of the address union is zero. */
	hash = jhash2((const u32 *)&key->ip.ipv6,
		      sizeof(key->ip.ipv6) / sizeof(u32), vxfp_fp_hashrnd);
	hash = jhash_2words(l4 ? (__force u32)key->tp.src << 16 |
				 (__force u32)key->tp.dst : 0,
			    key->ip.proto, hash);
	__skb_set_sw_hash(skb, hash, l4);
}

static void vxfp_fp_output(struct vxfp_fp_pkt *pkt, struct sk_buff *skb,
			   u32 port)
{
	struct vxfp_switch *sw = pkt->sw;
	unsigned int reason;

	if (port == VXFP_PORT_ID_UPLINK) {
		if (pkt->encap) {
			vxfp_fp_hash(skb, &pkt->key);
			switch (vxfp_tun_encap(sw, pkt->encap, skb, &reason)) {
			case VXFP_TUN_OK:
				vxfp_fp_inc(sw, VXFP_FPC_ENCAP);
				break;
			case VXFP_TUN_SLOW:
				return vxfp_fp_slow(pkt, skb);
			default:
				return vxfp_fp_drop(sw, skb, reason);
			}
		}
		return vxfp_dp_to_uplink(sw, skb);
	}
	if (port == VXFP_PORT_ID_PF)
		return vxfp_dp_to_pf(sw, skb);
	if (VXFP_PORT_ID_IS_HOST(port)) {
		if (vxfp_dp_to_host(sw, skb, VXFP_PORT_ID_IFINDEX(port)))
			vxfp_fp_drop(sw, skb, VXFP_FP_DROP_LINK_DOWN);
		return;
	}
	if (port & VXFP_PORT_ID_REP(0))
		return vxfp_dp_to_rep(&sw->vports[port & 0xffff], skb);
	vxfp_dp_to_vf(&sw->vports[port], skb);
}

static void vxfp_fp_lookup_run(struct vxfp_fp_pkt *pkt, struct sk_buff *skb);

/* Run a flow's actions on a packet, which they consume. */
static void vxfp_fp_run(struct vxfp_fp_pkt *pkt, struct sk_buff *skb,
			const struct vxfp_actions *acts)
{
	struct vxfp_switch *sw = pkt->sw;
	struct sk_buff *copy;
	u32 i;
	int err;

	for (i = 0; i < acts->count; i++) {
		const struct vxfp_action *a = &acts->acts[i];
		bool last = i == acts->count - 1;

		err = 0;
		switch (a->type) {
		case VXFP_ACT_A_OUTPUT:
			if (last)
				return vxfp_fp_output(pkt, skb, a->port);
			copy = skb_clone(skb, GFP_ATOMIC);
			if (!copy) {
				vxfp_fp_count_drop(sw, VXFP_FP_DROP_NOMEM);
				break;
			}
			vxfp_fp_output(pkt, copy, a->port);
			break;
		case VXFP_ACT_A_DROP:
			return vxfp_fp_drop(sw, skb, VXFP_FP_DROP_ACTION);
		case VXFP_ACT_A_TRAP:
			return vxfp_fp_slow(pkt, skb);
		case VXFP_ACT_A_ENCAP:
			pkt->encap = &a->encap;
			break;
		case VXFP_ACT_A_DECAP:
			/* Done before the first action: see vxfp_fp_start(). */
			break;
		case VXFP_ACT_A_VLAN_PUSH:
			err = skb_vlan_push(skb, a->vlan.tpid, a->vlan.tci);
			break;
		case VXFP_ACT_A_VLAN_POP:
			err = skb_vlan_pop(skb);
			break;
		case VXFP_ACT_A_VLAN_MODIFY:
			err = vxfp_fp_vlan_modify(skb, a);
			break;
		case VXFP_ACT_A_SET_ETH_SRC:
		case VXFP_ACT_A_SET_ETH_DST:
			err = vxfp_fp_writable(skb, ETH_HLEN);
			if (err)
				break;
			ether_addr_copy(a->type == VXFP_ACT_A_SET_ETH_SRC ?
					eth_hdr(skb)->h_source :
					eth_hdr(skb)->h_dest, a->mac);
			break;
		case VXFP_ACT_A_DEC_TTL:
		case VXFP_ACT_A_SET_TTL:
			err = vxfp_fp_ttl(skb, a->type == VXFP_ACT_A_DEC_TTL,
					  a->ttl);
			if (err == -EAGAIN)
				return vxfp_fp_slow(pkt, skb);
			break;
		case VXFP_ACT_A_SET_DSCP:
			err = vxfp_fp_dscp(skb, a->dscp);
			break;
		case VXFP_ACT_A_MANGLE:
			err = vxfp_fp_mangle(skb, a);
			break;
		case VXFP_ACT_A_GOTO_CHAIN:
			if (++pkt->depth > VXFP_FP_MAX_DEPTH)
				return vxfp_fp_drop(sw, skb, VXFP_FP_DROP_LOOP);
			pkt->key.chain = a->chain;
			return vxfp_fp_lookup_run(pkt, skb);
		}
		if (err)
			return vxfp_fp_drop(sw, skb, err == -ENOMEM ?
					    VXFP_FP_DROP_NOMEM :
					    VXFP_FP_DROP_MALFORMED);
	}
	/* Actions that do not end in an output drop the packet, as tc. */
	consume_skb(skb);
}

/* After a goto chain: match the packet, as it now is, again. */
static void vxfp_fp_lookup_run(struct vxfp_fp_pkt *pkt, struct sk_buff *skb)
{
	struct vxfp_flow_key *key = &pkt->key;
	struct vxfp_flow *flow;

	memset(&key->eth, 0, sizeof(key->eth));
	memset(&key->ip, 0, sizeof(key->ip));
	memset(&key->tp, 0, sizeof(key->tp));
	vxfp_fp_extract(skb, 0, key);
	flow = vxfp_ft_lookup(&pkt->sw->ft, key);
	if (!flow) {
		vxfp_fp_inc(pkt->sw, VXFP_FPC_MISSES);
		return vxfp_fp_slow(pkt, skb);
	}
	vxfp_fp_inc(pkt->sw, VXFP_FPC_HITS);
	vxfp_flow_stats_add(flow, skb->len);
	vxfp_fp_run(pkt, skb, flow->actions);
}

/* Whether a flow's actions start with taking the packet out of a tunnel. */
static bool vxfp_fp_decaps(const struct vxfp_actions *acts)
{
	u32 i;

	for (i = 0; i < acts->count; i++)
		if (acts->acts[i].type == VXFP_ACT_A_DECAP)
			return true;
	return false;
}

/* vxfp_fp_from_vf(), under rcu_read_lock(). */
static bool vxfp_fp_from_vf_rcu(struct vxfp_vport *vp, struct sk_buff *skb)
{
	struct vxfp_switch *sw = vp->sw;
	struct vxfp_flow *flow;
	struct vxfp_fp_pkt pkt;

	pkt.sw = sw;
	pkt.vp = vp;
	pkt.encap = NULL;
	pkt.depth = 0;
	vxfp_flow_key_init(&pkt.key);
	pkt.key.in_port = vp->index;
	vxfp_fp_extract(skb, 0, &pkt.key);
	flow = vxfp_ft_lookup(&sw->ft, &pkt.key);
	if (!flow) {
		vxfp_fp_inc(sw, VXFP_FPC_MISSES);
		return false;
	}
	vxfp_fp_inc(sw, VXFP_FPC_HITS);
	vxfp_flow_stats_add(flow, skb->len);
	skb_reset_mac_header(skb);
	vxfp_fp_run(&pkt, skb, flow->actions);
	return true;
}

/**
 * vxfp_fp_from_vf - the fast path for what a VF sends
 * @vp: the VF's port
 * @skb: the packet, data at its MAC header
 *
 * Context: a VF's ndo_start_xmit, BH off.
 * Return: true if a flow took the packet (consumed), false if none did
 * (the packet is untouched, for the slow path).
 */
bool vxfp_fp_from_vf(struct vxfp_vport *vp, struct sk_buff *skb)
{
	bool taken;

	/* An empty table is a miss of every packet, with no lookup. */
	if (!READ_ONCE(vp->sw->ft.count)) {
		vxfp_fp_inc(vp->sw, VXFP_FPC_MISSES);
		return false;
	}
	/*
	 * The flow table's readers hold rcu_read_lock(), as the uplink's
	 * receive path does. A transmit path holds only rcu_read_lock_bh():
	 * the same grace periods where the RCU flavours are consolidated
	 * (4.20 on), but not to lockdep, nor on older kernels.
	 */
	rcu_read_lock();
	taken = vxfp_fp_from_vf_rcu(vp, skb);
	rcu_read_unlock();
	return taken;
}

/**
 * vxfp_fp_from_uplink - the fast path for what arrives from the wire
 * @sw: the switch
 * @skb: the packet, data at its network header as the uplink's receive
 *	path leaves it, the outer VLAN tag (if any) accelerated
 *
 * A packet for one of the VXLAN ports of the switch's decapsulation flows
 * is looked up first with its tunnel and inner headers, then, if no flow
 * matched that, as it is on the wire.
 *
 * Return: true if a flow took the packet (consumed), false if none did
 * (the packet is as it was, for the slow path).
 */
bool vxfp_fp_from_uplink(struct vxfp_switch *sw, struct sk_buff *skb)
{
	const struct vxfp_actions *acts;
	struct vxfp_flow *flow = NULL;
	struct vxfp_fp_pkt pkt;
	unsigned int inner;

	if (!READ_ONCE(sw->ft.count)) {
		vxfp_fp_inc(sw, VXFP_FPC_MISSES);
		return false;
	}
	skb_push_rcsum(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	pkt.sw = sw;
	pkt.vp = NULL;
	pkt.encap = NULL;
	pkt.depth = 0;

	vxfp_flow_key_init(&pkt.key);
	pkt.key.in_port = VXFP_FLOW_PORT_UPLINK;
	inner = vxfp_tun_parse(sw, skb, &pkt.key);
	if (inner) {
		vxfp_fp_extract(skb, inner, &pkt.key);
		flow = vxfp_ft_lookup(&sw->ft, &pkt.key);
		if (!flow) {
			vxfp_flow_key_init(&pkt.key);
			pkt.key.in_port = VXFP_FLOW_PORT_UPLINK;
		}
	}
	if (!flow) {
		inner = 0;
		vxfp_fp_extract(skb, 0, &pkt.key);
		flow = vxfp_ft_lookup(&sw->ft, &pkt.key);
	}
	if (!flow) {
		vxfp_fp_inc(sw, VXFP_FPC_MISSES);
		skb_pull_rcsum(skb, ETH_HLEN);
		return false;
	}
	vxfp_fp_inc(sw, VXFP_FPC_HITS);
	vxfp_flow_stats_add(flow, skb->len);
	acts = flow->actions;
	if (inner && vxfp_fp_decaps(acts)) {
		if (vxfp_tun_decap(skb, inner)) {
			vxfp_fp_drop(sw, skb, VXFP_FP_DROP_MALFORMED);
			return true;
		}
		vxfp_fp_inc(sw, VXFP_FPC_DECAP);
	}
	vxfp_fp_run(&pkt, skb, acts);
	return true;
}

/**
 * vxfp_fp_flush - remove every flow of a switch
 * @sw: the switch
 *
 * Context: process, may sleep; RTNL may be held.
 */
void vxfp_fp_flush(struct vxfp_switch *sw)
{
	vxfp_ft_flush(&sw->ft);
}

static void vxfp_fp_work(struct work_struct *work)
{
	struct vxfp_switch *sw = container_of(to_delayed_work(work),
					      struct vxfp_switch, fp_work);

	if (vxfp_ft_mask_count(&sw->ft) > 1)
		vxfp_ft_rebalance(&sw->ft);
	queue_delayed_work(system_power_efficient_wq, &sw->fp_work,
			   VXFP_FP_REBALANCE);
}

/**
 * vxfp_fp_init - give a switch its fast path, empty
 * @sw: the switch
 *
 * Return: 0 or -ENOMEM.
 */
int vxfp_fp_init(struct vxfp_switch *sw)
{
	int err;

	sw->fp_stats = netdev_alloc_pcpu_stats(struct vxfp_fp_stats);
	if (!sw->fp_stats)
		return -ENOMEM;
	err = vxfp_ft_init(&sw->ft, vxfp_actions_free);
	if (err) {
		free_percpu(sw->fp_stats);
		sw->fp_stats = NULL;
		return err;
	}
	vxfp_tun_table_init(&sw->tun);
	INIT_DELAYED_WORK(&sw->fp_work, vxfp_fp_work);
	queue_delayed_work(system_power_efficient_wq, &sw->fp_work,
			   VXFP_FP_REBALANCE);
	return 0;
}

/**
 * vxfp_fp_stop - stop a dead switch's fast path work
 * @sw: the switch
 *
 * Context: process, may sleep.
 */
void vxfp_fp_stop(struct vxfp_switch *sw)
{
	if (sw->fp_stats)
		cancel_delayed_work_sync(&sw->fp_work);
}

/**
 * vxfp_fp_uninit - free a switch's fast path
 * @sw: the switch, which the datapath no longer uses
 *
 * Context: process, may sleep.
 */
void vxfp_fp_uninit(struct vxfp_switch *sw)
{
	if (!sw->fp_stats)
		return;
	vxfp_fp_stop(sw);
	/* Waits for the flows' actions, which hold tunnel entries. */
	vxfp_ft_destroy(&sw->ft);
	vxfp_tun_table_destroy(&sw->tun);
	free_percpu(sw->fp_stats);
	sw->fp_stats = NULL;
}

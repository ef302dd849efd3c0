// SPDX-License-Identifier: GPL-2.0
/* Unit tests of the flow table (kmod/flow_table.c), in userspace; TAP. */
#include <stdio.h>

#include "flow_table.h"

static int tests, failures;

static void ok(bool cond, const char *name)
{
	tests++;
	if (!cond)
		failures++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tests, name);
}

static u64 rng_state = 88172645463325252ULL;

static u64 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int actions_freed;

static void free_actions(void *actions)
{
	actions_freed++;
	free(actions);
}

static void *new_actions(void)
{
	return malloc(16);
}

/* an IPv4 5-tuple key */
static void key4(struct vxfp_flow_key *k, u32 port, u32 sip, u32 dip,
		 u8 proto, u16 sport, u16 dport)
{
	vxfp_flow_key_init(k);
	k->in_port = port;
	k->eth.type = htons(0x0800);
	k->ip.proto = proto;
	k->ip.ipv4.src = htonl(sip);
	k->ip.ipv4.dst = htonl(dip);
	k->tp.src = htons(sport);
	k->tp.dst = htons(dport);
}

/* a mask of the 5-tuple, destination address of @dplen bits */
static void mask4(struct vxfp_flow_key *m, int dplen, bool ports)
{
	vxfp_flow_key_init(m);
	m->in_port = ~0U;
	m->eth.type = 0xffff;
	m->ip.proto = 0xff;
	m->ip.ipv4.src = ~0U;
	m->ip.ipv4.dst = dplen ? htonl(~0U << (32 - dplen)) : 0;
	if (ports) {
		m->tp.src = 0xffff;
		m->tp.dst = 0xffff;
	}
}

static struct vxfp_flow *ins(struct vxfp_flow_table *ft,
			     const struct vxfp_flow_key *k,
			     const struct vxfp_flow_key *m, u32 prio, u64 cookie)
{
	void *a = new_actions();
	struct vxfp_flow *f;

	/* on failure the actions stay the caller's */
	f = vxfp_ft_insert(ft, k, m, prio, cookie, a, NULL);
	if (IS_ERR(f))
		free(a);
	return f;
}

static void test_basic(void)
{
	struct vxfp_flow_table ft;
	struct vxfp_flow_key k, m, p;
	struct netlink_ext_ack extack = {};
	struct vxfp_flow *f, *g;
	void *a;

	ok(!vxfp_ft_init(&ft, free_actions), "init");
	key4(&k, 1, 0x0a000001, 0x0a000002, 6, 1000, 80);
	ok(!vxfp_ft_lookup(&ft, &k), "miss on an empty table");

	mask4(&m, 32, true);
	f = ins(&ft, &k, &m, 10, 1);
	ok(!IS_ERR(f), "insert an exact flow");
	ok(vxfp_ft_lookup(&ft, &k) == f, "exact match");
	key4(&p, 1, 0x0a000001, 0x0a000002, 6, 1000, 81);
	ok(!vxfp_ft_lookup(&ft, &p), "exact: another port misses");
	key4(&p, 2, 0x0a000001, 0x0a000002, 6, 1000, 80);
	ok(!vxfp_ft_lookup(&ft, &p), "exact: another in_port misses");
	key4(&p, 1, 0x0a000001, 0x0a000002, 6, 1000, 80);
	p.eth.src[0] = 0x02;
	ok(vxfp_ft_lookup(&ft, &p) == f, "exact: unmasked field ignored");

	a = new_actions();
	g = vxfp_ft_insert(&ft, &p, &m, 20, 1, a, &extack);
	ok(PTR_ERR(g) == -EEXIST && extack._msg,
	   "duplicate cookie refused, with a message");
	g = vxfp_ft_insert(&ft, &p, &m, 10, 2, a, NULL);
	ok(PTR_ERR(g) == -EEXIST, "same masked key and priority refused");
	free(a);
	ok(vxfp_ft_count(&ft) == 1 && vxfp_ft_mask_count(&ft) == 1,
	   "failed inserts leave the table as it was");

	g = ins(&ft, &k, &m, 5, 2);
	ok(!IS_ERR(g) && vxfp_ft_lookup(&ft, &k) == g,
	   "same key, higher priority: taken");
	ok(!vxfp_ft_remove(&ft, 2) && vxfp_ft_lookup(&ft, &k) == f,
	   "its removal uncovers the other");

	ok(vxfp_ft_find(&ft, 1) == f && !vxfp_ft_find(&ft, 2),
	   "find by cookie");
	actions_freed = 0;
	ok(!vxfp_ft_remove(&ft, 1) && !vxfp_ft_lookup(&ft, &k) &&
	   !vxfp_ft_find(&ft, 1) && actions_freed == 1,
	   "remove by cookie frees the actions");
	ok(vxfp_ft_remove(&ft, 1) == -ENOENT, "remove of a missing cookie");
	ok(vxfp_ft_count(&ft) == 0 && vxfp_ft_mask_count(&ft) == 0,
	   "empty again, no mask left");
	vxfp_ft_destroy(&ft);
}

static void test_wildcard_and_masks(void)
{
	struct vxfp_flow_table ft;
	struct vxfp_flow_key k, m, m2, p;
	struct vxfp_flow *f, *g;
	bool good = true;
	int i;

	vxfp_ft_init(&ft, free_actions);
	key4(&k, 0, 0x0a000001, 0xc0a80100, 17, 0, 0);
	mask4(&m, 24, false);
	f = ins(&ft, &k, &m, 1, 1);
	for (i = 0; i < 256; i++) {
		key4(&p, 0, 0x0a000001, 0xc0a80100 + i, 17, rnd(), rnd());
		good &= vxfp_ft_lookup(&ft, &p) == f;
	}
	ok(good, "wildcard: the whole /24 and any port hits");
	key4(&p, 0, 0x0a000001, 0xc0a80200, 17, 1, 2);
	ok(!vxfp_ft_lookup(&ft, &p), "wildcard: outside the /24 misses");

	key4(&k, 0, 0x0a000001, 0xc0a80200, 17, 0, 0);
	g = ins(&ft, &k, &m, 1, 2);
	ok(!IS_ERR(g) && vxfp_ft_mask_count(&ft) == 1 &&
	   vxfp_ft_count(&ft) == 2, "two flows of one mask share it");
	ok(f->mask == g->mask && f->mask->ref == 2, "shared mask refcount");
	mask4(&m2, 16, false);
	ins(&ft, &k, &m2, 1, 3);
	ok(vxfp_ft_mask_count(&ft) == 2, "another mask: two masks");
	vxfp_ft_remove(&ft, 1);
	ok(vxfp_ft_mask_count(&ft) == 2 && g->mask->ref == 1,
	   "remove one of two: mask stays");
	vxfp_ft_remove(&ft, 2);
	vxfp_ft_remove(&ft, 3);
	ok(vxfp_ft_mask_count(&ft) == 0, "remove both: no mask");

	/* a mask matching everything: an empty word range */
	vxfp_flow_key_init(&m);
	f = ins(&ft, &k, &m, 100, 4);
	key4(&p, 7, 1, 2, 3, 4, 5);
	ok(!IS_ERR(f) && f->mask->start == f->mask->end &&
	   vxfp_ft_lookup(&ft, &p) == f, "match-all mask");
	actions_freed = 0;
	vxfp_ft_flush(&ft);
	ok(!vxfp_ft_lookup(&ft, &p) && actions_freed == 1 &&
	   vxfp_ft_count(&ft) == 0, "flush");
	vxfp_ft_destroy(&ft);
}

/*
 * A wide high-priority flow and a narrow low-priority one: the high one
 * wins whatever the order the masks came in and whatever their hits.
 */
static void test_priority(void)
{
	struct vxfp_flow_key k, wide, narrow;
	struct vxfp_flow_table ft;
	struct vxfp_flow *hi, *lo, *f;
	bool good = true;
	int order, i;

	key4(&k, 0, 0x0a000001, 0xc0a80105, 6, 1234, 80);
	mask4(&wide, 8, false);
	mask4(&narrow, 32, true);
	for (order = 0; order < 2; order++) {
		vxfp_ft_init(&ft, free_actions);
		if (order) {
			lo = ins(&ft, &k, &narrow, 20, 1);
			hi = ins(&ft, &k, &wide, 10, 2);
		} else {
			hi = ins(&ft, &k, &wide, 10, 2);
			lo = ins(&ft, &k, &narrow, 20, 1);
		}
		good &= vxfp_ft_lookup(&ft, &k) == hi;
		/* many hits on the narrow mask alone, then rebalance */
		for (i = 0; i < 1000; i++) {
			struct vxfp_flow_key p = k;

			p.ip.ipv4.dst = htonl(0xc0a80105);
			p.ip.ipv4.src = htonl(0x0b000001);
			vxfp_ft_lookup(&ft, &p);
		}
		vxfp_ft_rebalance(&ft);
		good &= vxfp_ft_lookup(&ft, &k) == hi;
		vxfp_ft_remove(&ft, 2);
		f = vxfp_ft_lookup(&ft, &k);
		good &= f == lo;
		vxfp_ft_rebalance(&ft);
		good &= vxfp_ft_lookup(&ft, &k) == lo;
		vxfp_ft_destroy(&ft);
	}
	ok(good, "priority wins across overlapping masks, any order");

	/* a later insert of a better priority into a shared mask */
	vxfp_ft_init(&ft, free_actions);
	lo = ins(&ft, &k, &narrow, 20, 1);
	ins(&ft, &k, &wide, 15, 2);
	key4(&k, 0, 0x0a000001, 0xc0a80105, 6, 1234, 81);
	hi = ins(&ft, &k, &narrow, 5, 3);
	ok(vxfp_ft_lookup(&ft, &k) == hi,
	   "lowering a mask's best priority reorders the masks");
	vxfp_ft_destroy(&ft);
}

static void test_ipv6_tunnel_arp(void)
{
	struct vxfp_flow_key k, m, p;
	struct vxfp_flow_table ft;
	struct vxfp_flow *f, *t, *a;

	vxfp_ft_init(&ft, free_actions);
	vxfp_flow_key_init(&k);
	k.eth.type = htons(0x86dd);
	k.ip.proto = 58;
	inet_pton(AF_INET6, "2001:db8::1", &k.ip.ipv6.src);
	inet_pton(AF_INET6, "2001:db8::2", &k.ip.ipv6.dst);
	k.tp.icmp_type = 128;
	vxfp_flow_key_init(&m);
	m.eth.type = 0xffff;
	m.ip.proto = 0xff;
	memset(&m.ip.ipv6.dst, 0xff, 16);
	m.tp.icmp_type = 0xff;
	f = ins(&ft, &k, &m, 1, 1);
	p = k;
	inet_pton(AF_INET6, "2001:db8::99", &p.ip.ipv6.src);
	ok(vxfp_ft_lookup(&ft, &p) == f, "IPv6 key, source wildcarded");
	inet_pton(AF_INET6, "2001:db8::3", &p.ip.ipv6.dst);
	ok(!vxfp_ft_lookup(&ft, &p), "IPv6 key, other destination misses");

	/* VXLAN decap: VNI and outer IPv6 addresses */
	vxfp_flow_key_init(&k);
	k.in_port = VXFP_FLOW_PORT_UPLINK;
	k.tun.vni = 42;
	k.tun.tp_dst = htons(4789);
	k.tun.addr_family = AF_INET6;
	inet_pton(AF_INET6, "fd00::1", &k.tun.ipv6.src);
	inet_pton(AF_INET6, "fd00::2", &k.tun.ipv6.dst);
	k.eth.type = htons(0x0800);
	vxfp_flow_key_init(&m);
	m.in_port = ~0U;
	m.tun.vni = ~0U;
	m.tun.tp_dst = 0xffff;
	m.tun.addr_family = 0xff;
	memset(&m.tun.ipv6, 0xff, sizeof(m.tun.ipv6));
	t = ins(&ft, &k, &m, 1, 2);
	ok(!IS_ERR(t) && t->mask->start == 0 && t->mask->end == 15,
	   "tunnel mask range");
	p = k;
	p.ip.proto = 6;
	ok(vxfp_ft_lookup(&ft, &p) == t, "tunnel key hits");
	p.tun.vni = 43;
	ok(!vxfp_ft_lookup(&ft, &p), "tunnel key, other VNI misses");

	vxfp_flow_key_init(&k);
	k.eth.type = htons(0x0806);
	k.ip.arp.op = htons(1);
	k.ip.arp.tip = htonl(0xc0a80001);
	memset(k.ip.arp.sha, 0x11, ETH_ALEN);
	vxfp_flow_key_init(&m);
	m.eth.type = 0xffff;
	m.ip.arp.op = 0xffff;
	m.ip.arp.tip = ~0U;
	a = ins(&ft, &k, &m, 1, 3);
	p = k;
	memset(p.ip.arp.sha, 0x22, ETH_ALEN);
	ok(vxfp_ft_lookup(&ft, &p) == a, "ARP request for an address");
	p.ip.arp.op = htons(2);
	ok(!vxfp_ft_lookup(&ft, &p), "ARP reply misses");
	vxfp_ft_destroy(&ft);
}

#define GROW_N	50000

static void test_grow(void)
{
	struct vxfp_flow_table ft;
	struct vxfp_flow_key k, m;
	u32 i, found = 0, byc = 0;
	unsigned int shift0, shift1;

	vxfp_ft_init(&ft, free_actions);
	mask4(&m, 32, true);
	shift0 = rcu_access_pointer(ft.cookies)->shift;
	for (i = 0; i < GROW_N; i++) {
		key4(&k, i & 7, i, ~i, 6, i, i >> 16);
		ins(&ft, &k, &m, 1, (u64)i << 20);
	}
	shift1 = rcu_access_pointer(ft.cookies)->shift;
	for (i = 0; i < GROW_N; i++) {
		struct vxfp_flow *f;

		key4(&k, i & 7, i, ~i, 6, i, i >> 16);
		f = vxfp_ft_lookup(&ft, &k);
		found += f && f->cookie == (u64)i << 20;
		byc += vxfp_ft_find(&ft, (u64)i << 20) == f;
	}
	ok(shift0 - shift1 >= 8 && vxfp_ft_count(&ft) == GROW_N,
	   "table grew through several resizes");
	ok(found == GROW_N && byc == GROW_N,
	   "every flow found after the resizes");
	for (i = 0; i < GROW_N; i += 2)
		vxfp_ft_remove(&ft, (u64)i << 20);
	found = 0;
	for (i = 0; i < GROW_N; i++) {
		key4(&k, i & 7, i, ~i, 6, i, i >> 16);
		found += !!vxfp_ft_lookup(&ft, &k) == (i & 1);
	}
	ok(found == GROW_N, "half removed: the other half still found");
	for (i = 1; i < GROW_N; i += 2)
		vxfp_ft_remove(&ft, (u64)i << 20);
	ok(rcu_access_pointer(ft.cookies)->shift > shift1 &&
	   vxfp_ft_count(&ft) == 0, "table shrank when emptied");
	vxfp_ft_destroy(&ft);
}

#define WALK_N	3000

struct walk_arg {
	u8 seen[WALK_N];
	int others;
	int budget;
};

static int walk_cb(struct vxfp_flow *flow, void *arg)
{
	struct walk_arg *w = arg;

	if (w->budget-- <= 0)
		return 1;
	if (flow->cookie < WALK_N)
		w->seen[flow->cookie]++;
	else
		w->others++;
	return 0;
}

static void test_walk(void)
{
	struct vxfp_flow_table ft;
	struct vxfp_ft_cursor cur;
	struct vxfp_flow_key k, m;
	struct walk_arg *w = calloc(1, sizeof(*w));
	bool once = true, calls_ok, resized = false;
	int i, calls = 0, err;
	u8 shift;

	vxfp_ft_init(&ft, free_actions);
	mask4(&m, 32, true);
	for (i = 0; i < WALK_N; i++) {
		key4(&k, 0, i, i, 6, 1, 2);
		ins(&ft, &k, &m, 1, i);
	}
	vxfp_ft_cursor_init(&cur);
	w->budget = WALK_N + 1;
	err = vxfp_ft_walk(&ft, &cur, walk_cb, w);
	for (i = 0; i < WALK_N; i++)
		once &= w->seen[i] == 1;
	ok(!err && once, "walk visits each flow once");

	/* resumed in chunks of 7, table changing in between */
	memset(w->seen, 0, sizeof(w->seen));
	vxfp_ft_cursor_init(&cur);
	do {
		w->budget = 7;
		err = vxfp_ft_walk(&ft, &cur, walk_cb, w);
		calls++;
		if (calls == 100) {
			/* remove the flows >= 2000, add 4 times as many */
			shift = rcu_access_pointer(ft.cookies)->shift;
			for (i = 2000; i < WALK_N; i++)
				vxfp_ft_remove(&ft, i);
			for (i = 2000; i < 6000; i++) {
				key4(&k, 1, i, i, 6, 1, 2);
				ins(&ft, &k, &m, 1, i + 100000);
			}
			resized = shift != rcu_access_pointer(ft.cookies)->shift;
		}
	} while (err);
	once = true;
	for (i = 0; i < 2000; i++)
		once &= w->seen[i] == 1;
	for (i = 2000; i < WALK_N; i++)
		once &= w->seen[i] <= 1;
	calls_ok = w->others <= 4000 && calls <= 6000 / 7 + 2;
	ok(once && calls_ok && resized,
	   "resumed walk: each flow present throughout once, across resizes");
	vxfp_ft_destroy(&ft);
	free(w);
}

static void test_stats(void)
{
	struct vxfp_flow_table ft;
	struct vxfp_flow_key k, m;
	struct vxfp_flow *f;
	unsigned long used;
	u64 packets, bytes;

	vxfp_ft_init(&ft, NULL);
	key4(&k, 0, 1, 2, 6, 3, 4);
	mask4(&m, 32, true);
	f = vxfp_ft_insert(&ft, &k, &m, 1, 1, NULL, NULL);
	vxfp_flow_stats_read(f, &packets, &bytes, &used);
	ok(!packets && !bytes && !used, "fresh flow: no stats");
	jiffies = 1000;
	vxfp_flow_stats_add(f, 100);
	jiffies = 1005;
	vxfp_flow_stats_add(f, 1400);
	vxfp_flow_stats_read(f, &packets, &bytes, &used);
	ok(packets == 2 && bytes == 1500 && used == 1005,
	   "stats accumulate");
	vxfp_ft_destroy(&ft);
}

/* The reference: the matching flow of the lowest priority, by a scan. */
struct ref_flow {
	struct vxfp_flow_key key, mask;
	u32 prio;
	bool live;
};

static bool ref_match(const struct ref_flow *r, const struct vxfp_flow_key *p)
{
	const u64 *k = (const u64 *)&r->key, *m = (const u64 *)&r->mask;
	const u64 *w = (const u64 *)p;
	unsigned int i;

	for (i = 0; i < VXFP_FLOW_KEY_WORDS; i++)
		if ((w[i] & m[i]) != (k[i] & m[i]))
			return false;
	return true;
}

#define RAND_FLOWS	1000
#define RAND_PKTS	10000
#define RAND_MASKS	6

static void rand_key(struct vxfp_flow_key *k)
{
	/* few values per field, so that flows overlap */
	key4(k, rnd() % 3, 0x0a000000 | (rnd() % 4), 0xc0a80000 | (rnd() % 8),
	     rnd() % 2 ? 6 : 17, rnd() % 4, rnd() % 4);
}

static int rand_check(struct vxfp_flow_table *ft, struct ref_flow *ref,
		      struct vxfp_flow_key *pkts)
{
	int i, j, bad = 0;

	for (i = 0; i < RAND_PKTS; i++) {
		struct vxfp_flow *f = vxfp_ft_lookup(ft, &pkts[i]);
		int best = -1;

		for (j = 0; j < RAND_FLOWS; j++)
			if (ref[j].live && ref_match(&ref[j], &pkts[i]) &&
			    (best < 0 || ref[j].prio < ref[best].prio))
				best = j;
		if (best < 0) {
			bad += !!f;
			continue;
		}
		/* ties of priority: any of the best will do */
		bad += !f || f->priority != ref[best].prio ||
		       !ref[f->cookie].live || !ref_match(&ref[f->cookie],
							  &pkts[i]);
	}
	return bad;
}

static void test_random(void)
{
	struct ref_flow *ref = calloc(RAND_FLOWS, sizeof(*ref));
	struct vxfp_flow_key *pkts = calloc(RAND_PKTS, sizeof(*pkts));
	struct vxfp_flow_key masks[RAND_MASKS];
	struct vxfp_flow_table ft;
	int i, bad, hits = 0, inserted = 0;

	vxfp_ft_init(&ft, free_actions);
	mask4(&masks[0], 32, true);
	mask4(&masks[1], 30, false);
	mask4(&masks[2], 0, false);
	mask4(&masks[3], 31, true);
	masks[3].tp.src = 0;
	vxfp_flow_key_init(&masks[4]);
	masks[4].in_port = ~0U;
	vxfp_flow_key_init(&masks[5]);
	masks[5].ip.ipv4.dst = htonl(0xfffffffc);
	masks[5].tp.dst = 0xffff;
	masks[5].in_port = ~0U;

	for (i = 0; i < RAND_FLOWS; i++) {
		struct vxfp_flow *f;

		rand_key(&ref[i].key);
		ref[i].mask = masks[rnd() % RAND_MASKS];
		ref[i].prio = rnd() % 50;
		f = ins(&ft, &ref[i].key, &ref[i].mask, ref[i].prio, i);
		/* the same match and priority twice is refused */
		ref[i].live = !IS_ERR(f);
		inserted += ref[i].live;
	}
	for (i = 0; i < RAND_PKTS; i++) {
		rand_key(&pkts[i]);
		pkts[i].in_port = rnd() % 4;
		hits += !!vxfp_ft_lookup(&ft, &pkts[i]);
	}
	bad = rand_check(&ft, ref, pkts);
	printf("# %d flows inserted, %d masks, %d/%d packets hit\n", inserted,
	       vxfp_ft_mask_count(&ft), hits, RAND_PKTS);
	ok(!bad, "random flows: same results as the reference scan");
	vxfp_ft_rebalance(&ft);
	ok(!rand_check(&ft, ref, pkts), "rebalance keeps the results");
	for (i = 0; i < RAND_FLOWS; i += 3) {
		if (ref[i].live)
			vxfp_ft_remove(&ft, i);
		ref[i].live = false;
	}
	ok(!rand_check(&ft, ref, pkts), "a third removed: still the same");
	vxfp_ft_rebalance(&ft);
	ok(!rand_check(&ft, ref, pkts),
	   "rebalance after removals: still the same");
	vxfp_ft_destroy(&ft);
	free(ref);
	free(pkts);
}

int main(void)
{
	test_basic();
	test_wildcard_and_masks();
	test_priority();
	test_ipv6_tunnel_arp();
	test_grow();
	test_walk();
	test_stats();
	test_random();
	printf("1..%d\n", tests);
	return failures ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the flow table core (kmod/flow_table.c, built in
 * userspace through kmod/ft_shim.h and tools/ftbench/ft_shim.c, as
 * tools/ftbench does): the input is a program of inserts, bulk inserts,
 * removals, lookups, finds by cookie, counter updates, rebalances,
 * flushes, walks (resumed in chunks, the table changing in between) and
 * failed allocations, each checked against a reference that keeps the
 * flows in an array and answers a lookup by scanning them all, as
 * tools/ftbench/ft_test.c does for random flows:
 *
 *   - an insert fails with -EEXIST exactly when the cookie is in use or a
 *     flow of the same mask, masked key and priority exists, with
 *     -ENOMEM only when an allocation was made to fail, and then leaves
 *     the table as it was;
 *   - a lookup returns a flow of the best (lowest) priority among those
 *     that match, and one that matches, or NULL if none does;
 *   - the counts of flows and masks, finds, counters, the walk's "each
 *     flow present throughout is visited once", and every action freed
 *     exactly once, by the table, once its flow is gone.
 *
 * flow_table.c is compiled with -Dcalloc=ftfuzz_calloc (see the Makefile),
 * so that its allocations (kzalloc() in ft_shim.h) can be made to fail.
 */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "flow_table.h"

extern unsigned long jiffies;

#define MAX_FLOWS	1024
#define NFIELDS		24
#define NPALETTE	4

static FILE *diag;		/* stderr as it was at start-up */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd = dup(2);

	(void)argc;
	(void)argv;
	diag = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!diag)
		diag = stderr;
	return 0;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fuzz_flowtable: ", diag);
	vfprintf(diag, fmt, ap);
	fputc('\n', diag);
	va_end(ap);
	fflush(diag);
	abort();
}

/* --- allocations that fail on demand --------------------------------------- */

static unsigned long alloc_no;		/* flow_table.c's allocations so far */
static unsigned long fail_at;		/* the one to fail, 0: none */
static unsigned long failures;		/* how many were made to fail */

void *ftfuzz_calloc(size_t n, size_t size);
void *ftfuzz_calloc(size_t n, size_t size)
{
	if (++alloc_no == fail_at) {
		fail_at = 0;
		failures++;
		return NULL;
	}
	return calloc(n, size);
}

/* --- the input --------------------------------------------------------------- */

struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t in_u8(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint32_t in_u32(struct input *in)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++)
		v = v << 8 | in_u8(in);
	return v;
}

/*
 * The fields of a key the generator sets: (offset, length), words 0 to
 * 14, the IPv6 and tunnel addresses included. Values are small, so that
 * flows and packets overlap.
 */
static const struct {
	uint8_t off, len;
} fields[NFIELDS] = {
	{ offsetof(struct vxfp_flow_key, in_port), 4 },
	{ offsetof(struct vxfp_flow_key, chain), 4 },
	{ offsetof(struct vxfp_flow_key, eth.dst), 6 },
	{ offsetof(struct vxfp_flow_key, eth.src), 6 },
	{ offsetof(struct vxfp_flow_key, eth.type), 2 },
	{ offsetof(struct vxfp_flow_key, eth.vlan_tci), 2 },
	{ offsetof(struct vxfp_flow_key, eth.vlan_tpid), 2 },
	{ offsetof(struct vxfp_flow_key, eth.cvlan_tci), 2 },
	{ offsetof(struct vxfp_flow_key, ip.proto), 1 },
	{ offsetof(struct vxfp_flow_key, ip.tos), 1 },
	{ offsetof(struct vxfp_flow_key, ip.frag), 1 },
	{ offsetof(struct vxfp_flow_key, ip.ipv4.src), 4 },
	{ offsetof(struct vxfp_flow_key, ip.ipv4.dst), 4 },
	{ offsetof(struct vxfp_flow_key, ip.ipv6.src) + 12, 4 },
	{ offsetof(struct vxfp_flow_key, ip.ipv6.dst) + 12, 4 },
	{ offsetof(struct vxfp_flow_key, tp.src), 2 },
	{ offsetof(struct vxfp_flow_key, tp.dst), 2 },
	{ offsetof(struct vxfp_flow_key, tp.flags), 2 },
	{ offsetof(struct vxfp_flow_key, tun.vni), 4 },
	{ offsetof(struct vxfp_flow_key, tun.tp_dst), 2 },
	{ offsetof(struct vxfp_flow_key, tun.ipv4.src), 4 },
	{ offsetof(struct vxfp_flow_key, tun.ipv6.dst) + 12, 4 },
	{ offsetof(struct vxfp_flow_key, tun.addr_family), 1 },
	{ offsetof(struct vxfp_flow_key, tun.pad) + 6, 1 },
};

/* A key: 2 bits of value per field, in its first and last byte. */
static void gen_key(struct input *in, struct vxfp_flow_key *k)
{
	uint8_t *b = (uint8_t *)k;
	uint64_t bits = (uint64_t)in_u32(in) << 32 | in_u32(in);
	unsigned int i;

	vxfp_flow_key_init(k);
	for (i = 0; i < NFIELDS; i++, bits >>= 2) {
		b[fields[i].off] = bits & 3;
		b[fields[i].off + fields[i].len - 1] = bits & 3;
	}
}

/*
 * A mask: per field, not matched (most), matched fully, or matched on a
 * bit or two only; and now and then a byte anywhere set to anything.
 */
static void gen_mask(struct input *in, struct vxfp_flow_key *m)
{
	uint8_t *b = (uint8_t *)m;
	uint8_t sel = in_u8(in);
	unsigned int i, f;

	vxfp_flow_key_init(m);
	for (i = 0; i < 3; i++) {
		uint8_t c = in_u8(in);

		f = c % NFIELDS;
		switch (c >> 6) {
		case 0:
		case 1:
			memset(b + fields[f].off, 0xff, fields[f].len);
			break;
		case 2:
			b[fields[f].off + fields[f].len - 1] |= 1;
			break;
		case 3:
			b[fields[f].off] |= 2;
			break;
		}
	}
	if (sel & 1) {
		i = in_u8(in) % sizeof(*m);
		b[i] = in_u8(in);
	}
	if (sel & 2)
		memset(m, 0, sizeof(*m));	/* matches everything */
}

/* --- the reference ------------------------------------------------------------ */

/*
 * The reference's scans are not the code under test: no coverage nor
 * comparison tracing there (it would cost most of the time), and keys
 * compared as words, not through the intercepted memcmp().
 */
#define REF_SCAN	__attribute__((no_sanitize("coverage"), noinline))

REF_SCAN static bool key_eq(const struct vxfp_flow_key *a,
			    const struct vxfp_flow_key *b)
{
	const u64 *x = (const u64 *)a, *y = (const u64 *)b;
	unsigned int i;

	for (i = 0; i < VXFP_FLOW_KEY_WORDS; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

struct ref {
	struct vxfp_flow_key key;	/* masked */
	struct vxfp_flow_key mask;
	u32 prio;
	u64 cookie;
	struct vxfp_flow *flow;
	void *actions;
	u64 packets, bytes;
	unsigned long used, created;
	int seen;			/* by the walk under way */
	bool throughout;		/* live since the walk started */
};

static struct ref refs[MAX_FLOWS];
static unsigned int nrefs;
static struct vxfp_flow_table ft;
static struct vxfp_flow_key palette[NPALETTE];
static long actions_live;		/* allocated and not freed */
static bool masks_exact;		/* no mask left by a failed allocation */

/* A flow's actions: what the table frees, and where its reference is. */
struct acts {
	uint32_t magic;
	uint32_t ref;		/* index in refs[] */
};

#define ACTS_MAGIC	0xac710115

static void free_actions(void *actions)
{
	struct acts *a = actions;

	if (!a || a->magic != ACTS_MAGIC)
		fail("free_actions of something that is no action");
	a->magic = 0;
	actions_live--;
	free(a);
}

static struct acts *new_actions(void)
{
	struct acts *a = malloc(sizeof(*a));

	if (!a)
		abort();
	a->magic = ACTS_MAGIC;
	a->ref = UINT32_MAX;
	actions_live++;
	return a;
}

REF_SCAN static void mask_key(struct vxfp_flow_key *out, const struct vxfp_flow_key *k,
		     const struct vxfp_flow_key *m)
{
	const u64 *kw = (const u64 *)k, *mw = (const u64 *)m;
	u64 *ow = (u64 *)out;
	unsigned int i;

	for (i = 0; i < VXFP_FLOW_KEY_WORDS; i++)
		ow[i] = kw[i] & mw[i];
}

REF_SCAN static bool ref_match(const struct ref *r, const struct vxfp_flow_key *p)
{
	const u64 *k = (const u64 *)&r->key, *m = (const u64 *)&r->mask;
	const u64 *w = (const u64 *)p;
	unsigned int i;

	for (i = 0; i < VXFP_FLOW_KEY_WORDS; i++)
		if ((w[i] & m[i]) != k[i])
			return false;
	return true;
}

REF_SCAN static struct ref *ref_by_cookie(u64 cookie)
{
	unsigned int i;

	for (i = 0; i < nrefs; i++)
		if (refs[i].cookie == cookie)
			return &refs[i];
	return NULL;
}

/* The reference of a flow of the table, by its actions. */
static struct ref *ref_by_flow(const struct vxfp_flow *flow)
{
	const struct acts *a = flow->actions;

	if (!a || a->magic != ACTS_MAGIC || a->ref >= nrefs ||
	    refs[a->ref].flow != flow)
		return NULL;
	return &refs[a->ref];
}

/* The distinct masks of the reference's flows, with their flow counts. */
static struct {
	struct vxfp_flow_key mask;
	unsigned int flows;
} rmasks[MAX_FLOWS];
static unsigned int nrmasks;

REF_SCAN static void rmask_get(const struct vxfp_flow_key *mask)
{
	unsigned int i;

	for (i = 0; i < nrmasks; i++) {
		if (key_eq(&rmasks[i].mask, mask)) {
			rmasks[i].flows++;
			return;
		}
	}
	rmasks[nrmasks].mask = *mask;
	rmasks[nrmasks++].flows = 1;
}

REF_SCAN static void rmask_put(const struct vxfp_flow_key *mask)
{
	unsigned int i;

	for (i = 0; i < nrmasks; i++) {
		if (key_eq(&rmasks[i].mask, mask)) {
			if (!--rmasks[i].flows)
				rmasks[i] = rmasks[--nrmasks];
			return;
		}
	}
	fail("reference: a mask without flows");
}

static unsigned int ref_masks(void)
{
	return nrmasks;
}

static void ref_del(struct ref *r)
{
	rmask_put(&r->mask);
	*r = refs[--nrefs];
	if (r != &refs[nrefs])
		((struct acts *)r->actions)->ref = r - refs;
}

static void check_counts(const char *after)
{
	unsigned int masks = vxfp_ft_mask_count(&ft), want = ref_masks();

	if (vxfp_ft_count(&ft) != nrefs)
		fail("after %s: %u flows, the reference has %u", after,
		     vxfp_ft_count(&ft), nrefs);
	if (masks_exact ? masks != want : masks < want)
		fail("after %s: %u masks, the reference has %u%s", after,
		     masks, want, masks_exact ? "" : " (or more)");
	if ((long)nrefs > actions_live)
		fail("after %s: %u flows but %ld actions", after, nrefs,
		     actions_live);
}

/* --- the operations ------------------------------------------------------------ */

static u64 pick_cookie(struct input *in)
{
	uint8_t c = in_u8(in);

	if (c < 128)
		return c % 48;
	if (c < 192 && nrefs)
		return refs[in_u8(in) % nrefs].cookie;
	return (u64)in_u8(in) << 56 | c;
}

static u32 pick_prio(struct input *in)
{
	uint8_t p = in_u8(in);

	if (p < 240)
		return p % 4;
	return U32_MAX - (p & 3);
}

static const struct vxfp_flow_key *pick_mask(struct input *in,
					     struct vxfp_flow_key *buf)
{
	uint8_t c = in_u8(in);

	if (c < 224)
		return &palette[c % NPALETTE];
	gen_mask(in, buf);
	return buf;
}

/* What inserting that should give: 0 or -EEXIST. */
REF_SCAN static int ref_insert_err(const struct vxfp_flow_key *masked,
				   const struct vxfp_flow_key *mask, u32 prio,
				   u64 cookie)
{
	unsigned int i;

	for (i = 0; i < nrefs; i++)
		if (refs[i].cookie == cookie ||
		    (refs[i].prio == prio && key_eq(&refs[i].mask, mask) &&
		     key_eq(&refs[i].key, masked)))
			return -EEXIST;
	return 0;
}

/* The best (lowest) priority flow matching @pkt, by a scan. */
REF_SCAN static struct ref *ref_lookup(const struct vxfp_flow_key *pkt)
{
	struct ref *best = NULL;
	unsigned int i;

	for (i = 0; i < nrefs; i++)
		if ((!best || refs[i].prio < best->prio) &&
		    ref_match(&refs[i], pkt))
			best = &refs[i];
	return best;
}

/* One insert, checked; returns the flow or NULL. */
static struct vxfp_flow *do_insert(const struct vxfp_flow_key *key,
				   const struct vxfp_flow_key *mask, u32 prio,
				   u64 cookie)
{
	struct netlink_ext_ack extack = { NULL };
	unsigned long failed = failures;
	struct vxfp_flow_key masked;
	struct vxfp_flow *flow;
	int want = 0, got;
	struct acts *acts;

	mask_key(&masked, key, mask);
	want = ref_insert_err(&masked, mask, prio, cookie);
	if (!want && nrefs == MAX_FLOWS)
		return NULL;
	acts = new_actions();
	flow = vxfp_ft_insert(&ft, key, mask, prio, cookie, acts, &extack);
	got = IS_ERR(flow) ? (int)PTR_ERR(flow) : 0;
	if (failures != failed) {
		masks_exact = false;
		if (got == -ENOMEM) {
			want = -ENOMEM;
			if (!extack._msg)
				fail("insert: -ENOMEM without a message");
		}
	}
	if (got != want)
		fail("insert of cookie %#llx prio %u: %d, expected %d%s",
		     (unsigned long long)cookie, prio, got, want,
		     failures != failed ? " (an allocation failed)" : "");
	if (got) {
		if (got == -EEXIST && !extack._msg)
			fail("insert: -EEXIST without a message");
		free_actions(acts);
		return NULL;
	}
	if (flow->cookie != cookie || flow->priority != prio ||
	    flow->actions != acts || flow->created != jiffies ||
	    memcmp(&flow->key, &masked, sizeof(masked)) ||
	    memcmp(&flow->mask->key, mask, sizeof(*mask)))
		fail("insert: the flow is not what was inserted");
	refs[nrefs] = (struct ref){
		.key = masked, .mask = *mask, .prio = prio, .cookie = cookie,
		.flow = flow, .actions = acts, .created = jiffies,
	};
	acts->ref = nrefs++;
	rmask_get(mask);
	return flow;
}

static void op_insert(struct input *in)
{
	struct vxfp_flow_key key, mbuf;
	const struct vxfp_flow_key *mask;
	u64 cookie = pick_cookie(in);
	u32 prio = pick_prio(in);

	gen_key(in, &key);
	mask = pick_mask(in, &mbuf);
	do_insert(&key, mask, prio, cookie);
	check_counts("insert");
}

/* Many flows of one mask, keys apart in one field: the tables resize. */
static void op_bulk_insert(struct input *in)
{
	unsigned int n = 1 + in_u8(in) % 64, f = in_u8(in) % NFIELDS, i;
	u64 base = 0x10000 + ((u64)in_u8(in) << 8);
	struct vxfp_flow_key key, k, mbuf;
	const struct vxfp_flow_key *mask;
	u32 prio = pick_prio(in);
	uint8_t *b = (uint8_t *)&k;

	gen_key(in, &key);
	mask = pick_mask(in, &mbuf);
	for (i = 0; i < n; i++) {
		k = key;
		b[fields[f].off] = (uint8_t)i;
		if (fields[f].len > 1)
			b[fields[f].off + 1] = (uint8_t)(i >> 8);
		do_insert(&k, mask, prio, base + i);
	}
	check_counts("bulk insert");
}

static void do_remove(u64 cookie)
{
	struct ref *r = ref_by_cookie(cookie);
	unsigned long failed = failures;
	long live = actions_live;
	int got = vxfp_ft_remove(&ft, cookie);

	/* an emptied mask whose array could not be copied stays */
	if (failures != failed)
		masks_exact = false;

	if (got != (r ? 0 : -ENOENT))
		fail("remove of cookie %#llx: %d, expected %d",
		     (unsigned long long)cookie, got, r ? 0 : -ENOENT);
	if (r) {
		/* userspace RCU: the actions go right away */
		if (actions_live != live - 1)
			fail("remove: the flow's actions were not freed");
		ref_del(r);
	}
}

static void op_remove(struct input *in)
{
	do_remove(pick_cookie(in));
	check_counts("remove");
}

static void op_bulk_remove(struct input *in)
{
	unsigned int step = 1 + in_u8(in) % 4, i;
	u64 cookies[MAX_FLOWS];
	unsigned int n = 0;

	for (i = in_u8(in) % step; i < nrefs; i += step)
		cookies[n++] = refs[i].cookie;
	for (i = 0; i < n; i++)
		do_remove(cookies[i]);
	check_counts("bulk remove");
}

static void op_lookup(struct input *in)
{
	struct vxfp_flow_key pkt;
	struct vxfp_flow *flow;
	struct ref *best, *r;
	uint8_t extra = in_u8(in);
	unsigned int i;

	gen_key(in, &pkt);
	if (extra & 1)
		((uint8_t *)&pkt)[in_u8(in) % sizeof(pkt)] = in_u8(in);
	if ((extra & 6) == 6 && nrefs) {
		/* right on a flow, but for the bits it does not match */
		r = &refs[in_u8(in) % nrefs];
		for (i = 0; i < sizeof(pkt); i++) {
			uint8_t m = ((uint8_t *)&r->mask)[i];

			((uint8_t *)&pkt)[i] = (((uint8_t *)&r->key)[i] & m) |
					       (((uint8_t *)&pkt)[i] & ~m);
		}
	}
	best = ref_lookup(&pkt);
	rcu_read_lock();
	flow = vxfp_ft_lookup(&ft, &pkt);
	rcu_read_unlock();
	if (!best) {
		if (flow)
			fail("lookup: flow %#llx, none matches",
			     (unsigned long long)flow->cookie);
		return;
	}
	if (!flow)
		fail("lookup: missed, flow %#llx (prio %u) matches",
		     (unsigned long long)best->cookie, best->prio);
	r = ref_by_flow(flow);
	if (!r)
		fail("lookup: a flow that is not in the table");
	if (!ref_match(r, &pkt))
		fail("lookup: flow %#llx, which does not match",
		     (unsigned long long)r->cookie);
	if (r->prio != best->prio)
		fail("lookup: flow %#llx of prio %u, flow %#llx of prio %u matches",
		     (unsigned long long)r->cookie, r->prio,
		     (unsigned long long)best->cookie, best->prio);
	if (extra & 8) {
		unsigned int bytes = 60 + extra;

		vxfp_flow_stats_add(flow, bytes);
		r->packets++;
		r->bytes += bytes;
		r->used = jiffies;
	}
}

static void op_find(struct input *in)
{
	u64 cookie = pick_cookie(in);
	struct ref *r = ref_by_cookie(cookie);
	struct vxfp_flow *flow;
	unsigned long used;
	u64 packets, bytes;

	rcu_read_lock();
	flow = vxfp_ft_find(&ft, cookie);
	rcu_read_unlock();
	if (flow != (r ? r->flow : NULL))
		fail("find of cookie %#llx: %p, expected %p",
		     (unsigned long long)cookie, (void *)flow,
		     r ? (void *)r->flow : NULL);
	if (!flow)
		return;
	vxfp_flow_stats_read(flow, &packets, &bytes, &used);
	if (packets != r->packets || bytes != r->bytes || used != r->used)
		fail("counters of %#llx: %llu packets %llu bytes used %lu, expected %llu %llu %lu",
		     (unsigned long long)cookie, (unsigned long long)packets,
		     (unsigned long long)bytes, used,
		     (unsigned long long)r->packets,
		     (unsigned long long)r->bytes, r->used);
}

static void op_rebalance(void)
{
	unsigned long failed = failures;

	vxfp_ft_rebalance(&ft);
	if (failures == failed)
		masks_exact = true;
	check_counts("rebalance");
}

static void op_flush(void)
{
	vxfp_ft_flush(&ft);
	nrefs = 0;
	nrmasks = 0;
	masks_exact = true;
	if (actions_live)
		fail("flush: %ld actions not freed", actions_live);
	check_counts("flush");
}

static int walk_cb(struct vxfp_flow *flow, void *arg)
{
	int *budget = arg;
	struct ref *r;

	if ((*budget)-- <= 0)
		return 1;
	r = ref_by_flow(flow);
	if (!r)
		fail("walk: a flow that is not in the table");
	r->seen++;
	return 0;
}

/* A walk in chunks; between them, now and then, the table changes. */
static void op_walk(struct input *in)
{
	unsigned int chunk = 1 + in_u8(in) % 16, changes = in_u8(in), i;
	struct vxfp_ft_cursor cur;
	int err, budget, calls = 0;

	for (i = 0; i < nrefs; i++) {
		refs[i].seen = 0;
		refs[i].throughout = true;
	}
	vxfp_ft_cursor_init(&cur);
	do {
		budget = (int)chunk;
		err = vxfp_ft_walk(&ft, &cur, walk_cb, &budget);
		if (++calls > MAX_FLOWS * 4 + 8)
			fail("walk: does not end");
		if (err && (changes & 1)) {
			uint8_t c = in_u8(in);

			if (c & 1 && nrefs) {
				do_remove(refs[in_u8(in) % nrefs].cookie);
			} else {
				struct vxfp_flow_key key, mbuf;
				const struct vxfp_flow_key *mask;
				struct vxfp_flow *flow;
				u32 prio = pick_prio(in);
				u64 cookie = pick_cookie(in);

				gen_key(in, &key);
				mask = pick_mask(in, &mbuf);
				flow = do_insert(&key, mask, prio, cookie);
				if (flow)
					ref_by_flow(flow)->throughout = false;
			}
		}
		changes = changes >> 1 | (changes & 1) << 7;
	} while (err);
	for (i = 0; i < nrefs; i++) {
		if (refs[i].throughout ? refs[i].seen != 1 : refs[i].seen > 1)
			fail("walk: flow %#llx visited %d times",
			     (unsigned long long)refs[i].cookie, refs[i].seen);
	}
	check_counts("walk");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	unsigned int i, ops = 0;

	alloc_no = 0;
	fail_at = 0;
	failures = 0;
	nrefs = 0;
	nrmasks = 0;
	actions_live = 0;
	masks_exact = true;
	jiffies = 1;
	if (vxfp_ft_init(&ft, free_actions))
		abort();
	/* the hashes' seed from the input, for inputs to replay alike */
	ft.seed = in_u32(&in);
	for (i = 0; i < NPALETTE; i++)
		gen_mask(&in, &palette[i]);

	while (in.n && ops++ < 2000) {
		uint8_t op = in_u8(&in);

		switch (op % 16) {
		case 0:
		case 1:
		case 2:
			op_insert(&in);
			break;
		case 3:
			op_bulk_insert(&in);
			break;
		case 4:
		case 5:
			op_remove(&in);
			break;
		case 6:
			op_bulk_remove(&in);
			break;
		case 7:
		case 8:
		case 9:
			op_lookup(&in);
			break;
		case 10:
			op_find(&in);
			break;
		case 11:
			op_rebalance();
			break;
		case 12:
			if (op & 0x80)
				op_flush();
			else
				jiffies += 1 + (op >> 4);
			break;
		case 13:
			op_walk(&in);
			break;
		case 14:
			/* one of the next allocations fails */
			fail_at = alloc_no + 1 + (op >> 4);
			break;
		case 15:
			for (i = 0; i < 4; i++)
				op_lookup(&in);
			break;
		}
	}
	fail_at = 0;
	op_walk(&in);
	vxfp_ft_destroy(&ft);
	if (actions_live)
		fail("destroy: %ld actions not freed", actions_live);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Lookup cost of the flow table, by flow count (1 mask) and by mask count
 * (10k flows), for packets that hit installed flows and for misses.
 *
 *   ft_bench [-j] [-c] [-n LOOKUPS]
 *	-j	JSON instead of a table
 *	-c	for callgrind (make callgrind): fewer lookups, and one stats
 *		dump per case named "flows=F masks=M hit|miss n=N"
 */
#include <getopt.h>
#include <stdio.h>
#include <time.h>
#include <valgrind/callgrind.h>

#include "flow_table.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static u64 rng_state = 0x2545f4914f6cdd1dULL;

static u64 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* flow @i: a random 5-tuple from a VF */
static void flow_key(struct vxfp_flow_key *k)
{
	u64 r = rnd(), s = rnd();

	vxfp_flow_key_init(k);
	k->in_port = r % 16;
	k->eth.type = htons(0x0800);
	k->ip.proto = 6;
	k->ip.ttl = 64;
	k->ip.ipv4.src = (u32)(r >> 16);
	k->ip.ipv4.dst = (u32)s;
	k->tp.src = (u16)(s >> 32);
	k->tp.dst = (u16)(s >> 48);
	k->eth.src[5] = (u8)r;
}

/*
 * Mask @j of 64: the 5-tuple with a destination prefix of 32 - j / 2 bits
 * and, for odd @j, no source port. All differ.
 */
static void bench_mask(struct vxfp_flow_key *m, int j)
{
	int plen = 32 - j / 2;

	vxfp_flow_key_init(m);
	m->in_port = ~0U;
	m->eth.type = 0xffff;
	m->ip.proto = 0xff;
	m->ip.ipv4.src = ~0U;
	m->ip.ipv4.dst = htonl(plen ? ~0U << (32 - plen) : 0);
	m->tp.src = j & 1 ? 0 : 0xffff;
	m->tp.dst = 0xffff;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static bool json, cg;
static long lookups = 4000000;
static int results;

static uintptr_t run(struct vxfp_flow_table *ft,
		     const struct vxfp_flow_key *pkts, u32 npkts, long n)
{
	uintptr_t sink = 0;
	u32 j = 0;
	long i;

	for (i = 0; i < n; i++) {
		sink += (uintptr_t)vxfp_ft_lookup(ft, &pkts[j]);
		if (++j == npkts)
			j = 0;
	}
	return sink;
}

static void measure(struct vxfp_flow_table *ft,
		    const struct vxfp_flow_key *pkts, u32 npkts,
		    u32 flows, u32 masks, const char *what)
{
	long n = lookups / masks;
	char name[128];
	uintptr_t sink;
	double t;

	if (n < 250000 && !cg)
		n = lookups < 250000 ? lookups : 250000;
	snprintf(name, sizeof(name), "flows=%u masks=%u %s n=%ld", flows,
		 masks, what, n);
	if (cg) {
		CALLGRIND_START_INSTRUMENTATION;
		CALLGRIND_ZERO_STATS;
	}
	t = now_ns();
	sink = run(ft, pkts, npkts, n);
	t = (now_ns() - t) / n;
	if (cg) {
		CALLGRIND_DUMP_STATS_AT(name);
		CALLGRIND_STOP_INSTRUMENTATION;
	}
	/* a hit returns non-NULL every time, a miss never */
	if (!strcmp(what, "hit") ? sink == 0 : sink != 0)
		fprintf(stderr, "%s: unexpected results\n", name);
	if (json) {
		printf("%s{\"flows\": %u, \"masks\": %u, ",
		       results ? ",\n  " : "[\n  ", flows, masks);
		printf("\"case\": \"%s\", \"ns_per_lookup\": %.1f}", what, t);
	} else {
		printf("%10u %6u  %-5s %10.1f\n", flows, masks, what, t);
	}
	results++;
	fflush(stdout);
}

/* @flows flows over @masks masks, then hits and misses. */
static int bench(u32 flows, u32 masks)
{
	u32 npkts = flows, i, inserted = 0;
	struct vxfp_flow_key *keys, *miss;
	struct vxfp_flow_key m[64];
	struct vxfp_flow_table ft;
	int err;

	if (vxfp_ft_init(&ft, NULL))
		return -ENOMEM;
	keys = calloc(npkts, sizeof(*keys));
	miss = calloc(4096, sizeof(*miss));
	if (!keys || !miss) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < masks; i++)
		bench_mask(&m[i], i);
	for (i = 0; i < flows; i++) {
		struct vxfp_flow *f;

		flow_key(&keys[i]);
		f = vxfp_ft_insert(&ft, &keys[i], &m[i % masks], 1, i, NULL,
				   NULL);
		if (IS_ERR(f)) {
			/* a random collision of masked keys: try again */
			i--;
			continue;
		}
		inserted++;
	}
	/* packets: the flows' own keys, in a random order */
	for (i = npkts - 1; i > 0; i--) {
		u32 j = rnd() % (i + 1);
		struct vxfp_flow_key t = keys[i];

		keys[i] = keys[j];
		keys[j] = t;
	}
	for (i = 0; i < 4096; i++) {
		flow_key(&miss[i]);
		miss[i].in_port = 100;	/* no flow from there */
	}
	vxfp_ft_rebalance(&ft);
	measure(&ft, keys, npkts, inserted, masks, "hit");
	measure(&ft, miss, 4096, inserted, masks, "miss");
	err = 0;
out:
	free(keys);
	free(miss);
	vxfp_ft_destroy(&ft);
	return err;
}

int main(int argc, char **argv)
{
	static const u32 flow_counts[] = { 1, 1000, 100000, 1000000 };
	static const u32 mask_counts[] = { 4, 16, 64 };
	unsigned int i;
	int opt;

	while ((opt = getopt(argc, argv, "jcn:")) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'c':
			cg = true;
			lookups = 200000;
			break;
		case 'n':
			lookups = atol(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-j] [-c] [-n LOOKUPS]\n",
				argv[0]);
			return 2;
		}
	}
	if (!json)
		printf("%10s %6s  %-5s %10s\n", "flows", "masks", "case",
		       "ns/lookup");
	for (i = 0; i < ARRAY_SIZE(flow_counts); i++)
		if (bench(flow_counts[i], 1))
			return 1;
	if (bench(10000, 1))
		return 1;
	for (i = 0; i < ARRAY_SIZE(mask_counts); i++)
		if (bench(10000, mask_counts[i]))
			return 1;
	if (json)
		printf("\n]\n");
	return 0;
}

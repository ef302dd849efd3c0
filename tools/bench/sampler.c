// SPDX-License-Identifier: GPL-2.0
/*
 * sampler - the machine's CPU time and a netdev's packet counter, every
 * INTERVAL ms, for the CPU cost per packet of a run: the steady part of a
 * run (where packets flow) is found afterwards from these samples, so that
 * a tool's start-up and tear-down are not counted.
 *
 *   sampler -d DEV [-c rx|tx] [-i MS] [-n COUNT]
 *
 * Prints one line per sample, "MS BUSY TOTAL PACKETS": milliseconds since
 * the start, busy and total jiffies of every CPU (/proc/stat: busy is
 * user + nice + system + irq + softirq + steal; total adds idle and
 * iowait) and /sys/class/net/DEV/statistics/{rx,tx}_packets as seen from
 * the network namespace the sampler runs in. Stops after COUNT samples
 * (default 120), on SIGTERM or SIGINT: it never outlives its run.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cpustat.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int read_ull(const char *path, unsigned long long *v)
{
	FILE *f = fopen(path, "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "%llu", v);
	fclose(f);
	return n == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *dev = NULL, *dir = "rx";
	long interval = 250, count = 120, i;
	unsigned long long busy, total, pkts;
	struct timespec ts;
	char path[256];
	long long t0;
	int opt;

	while ((opt = getopt(argc, argv, "d:c:i:n:")) != -1) {
		switch (opt) {
		case 'd':
			dev = optarg;
			break;
		case 'c':
			dir = optarg;
			break;
		case 'i':
			interval = atol(optarg);
			break;
		case 'n':
			count = atol(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (!dev || strchr(dev, '/') || interval < 10 || count < 1 ||
	    (strcmp(dir, "rx") && strcmp(dir, "tx")))
		goto usage;
	snprintf(path, sizeof(path), "/sys/class/net/%s/statistics/%s_packets",
		 dev, dir);
	if (read_ull(path, &pkts)) {
		fprintf(stderr, "sampler: cannot read %s\n", path);
		return 1;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	setvbuf(stdout, NULL, _IOLBF, 0);
	t0 = now_ms();
	ts.tv_sec = interval / 1000;
	ts.tv_nsec = (interval % 1000) * 1000000L;
	for (i = 0; i < count && !stop; i++) {
		if (cpu_jiffies(&busy, &total) || read_ull(path, &pkts))
			return 1;
		printf("%lld %llu %llu %llu\n", now_ms() - t0, busy, total,
		       pkts);
		nanosleep(&ts, NULL);
	}
	return 0;
usage:
	fprintf(stderr, "usage: sampler -d DEV [-c rx|tx] [-i MS] [-n COUNT]\n");
	return 2;
}

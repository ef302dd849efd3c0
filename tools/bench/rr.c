// SPDX-License-Identifier: GPL-2.0
/*
 * rr - TCP request/response latency, as netperf's TCP_RR measures it
 * (netperf is not in Debian main): a client sends a request of SIZE bytes,
 * the server sends SIZE bytes back, the client times each round trip.
 *
 *   rr -s [-p PORT] [-T SECS]
 *	server: answer one client at a time, each until it closes; exit
 *	after SECS (default 600) in any case, so that it never lingers
 *   rr -c HOST [-p PORT] [-t SECS] [-w SECS] [-l SIZE]
 *	client: warm up for -w (default 0.5 s, not counted), then SECS
 *	(default 3) of back-to-back transactions; prints one JSON object:
 *	{"trans": N, "secs": S, "tps": N, "mean_us": M, "p50_us": M,
 *	 "p99_us": M, "min_us": M, "max_us": M, "cpu_busy_s": B,
 *	 "cpu_total_s": T}
 *	cpu_*: the whole machine's busy and total CPU time (/proc/stat,
 *	every CPU) over the timed transactions.
 *
 * Every wait is bounded (connect 5 s, each reply 5 s): a lost answer is an
 * error (exit 1), not a hang.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cpustat.h"

#define IO_TIMEOUT_MS	5000
#define MAX_SIZE	65536

static const char *prog = "rr";

static void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Wait for @fd to be ready for @events; 0 on time out. */
static int wait_fd(int fd, short events, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n;

	do
		n = poll(&p, 1, timeout_ms);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Move exactly @len bytes; -1 on error, end of stream or time out. */
static int xfer(int fd, char *buf, size_t len, int sending)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		if (wait_fd(fd, sending ? POLLOUT : POLLIN, IO_TIMEOUT_MS) <= 0)
			return -1;
		if (sending)
			n = send(fd, buf + done, len - done, MSG_NOSIGNAL);
		else
			n = recv(fd, buf + done, len - done, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return -1;
		done += n;
	}
	return 0;
}

static void nodelay(int fd)
{
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static int server(const char *port, double lifetime)
{
	struct addrinfo hints = {
		.ai_family = AF_INET, .ai_socktype = SOCK_STREAM,
		.ai_flags = AI_PASSIVE,
	};
	struct addrinfo *ai;
	char *buf = malloc(MAX_SIZE);
	double end = now_s() + lifetime;
	int one = 1, lfd, fd, err;
	u_int32_t hdr;
	size_t size;

	err = getaddrinfo(NULL, port, &hints, &ai);
	if (err) {
		fprintf(stderr, "%s: %s\n", prog, gai_strerror(err));
		return 1;
	}
	lfd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (lfd < 0 || !buf)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, ai->ai_addr, ai->ai_addrlen) || listen(lfd, 4))
		die("bind");
	freeaddrinfo(ai);
	while (now_s() < end) {
		if (wait_fd(lfd, POLLIN, 1000) <= 0)
			continue;
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			continue;
		nodelay(fd);
		fcntl(fd, F_SETFL, O_NONBLOCK);
		/* the client's first 4 bytes: the request size */
		if (xfer(fd, (char *)&hdr, sizeof(hdr), 0) == 0) {
			size = ntohl(hdr);
			if (size == 0 || size > MAX_SIZE)
				size = 1;
			while (now_s() < end &&
			       xfer(fd, buf, size, 0) == 0 &&
			       xfer(fd, buf, size, 1) == 0)
				;
		}
		close(fd);
	}
	close(lfd);
	free(buf);
	return 0;
}

static int connect_to(const char *host, const char *port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai, *a;
	int fd = -1, err;
	socklen_t len;

	err = getaddrinfo(host, port, &hints, &ai);
	if (err) {
		fprintf(stderr, "%s: %s: %s\n", prog, host, gai_strerror(err));
		exit(1);
	}
	for (a = ai; a; a = a->ai_next) {
		fd = socket(a->ai_family, SOCK_STREAM, 0);
		if (fd < 0)
			continue;
		fcntl(fd, F_SETFL, O_NONBLOCK);
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0 ||
		    (errno == EINPROGRESS &&
		     wait_fd(fd, POLLOUT, IO_TIMEOUT_MS) > 0)) {
			len = sizeof(err);
			if (!getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) &&
			    !err)
				break;
		}
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd < 0) {
		fprintf(stderr, "%s: cannot connect to %s port %s\n", prog,
			host, port);
		exit(1);
	}
	nodelay(fd);
	return fd;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static int client(const char *host, const char *port, double secs,
		  double warmup, size_t size)
{
	unsigned long long b0, t0, b1, t1;
	size_t n = 0, cap = 1 << 16;
	long long *rtt = malloc(cap * sizeof(*rtt));
	char *buf = calloc(1, size);
	long long s, sum = 0;
	double start, end, elapsed;
	u_int32_t hdr = htonl(size);
	int fd = connect_to(host, port);

	if (!rtt || !buf)
		die("malloc");
	if (xfer(fd, (char *)&hdr, sizeof(hdr), 1))
		goto lost;
	end = now_s() + warmup;
	while (now_s() < end)
		if (xfer(fd, buf, size, 1) || xfer(fd, buf, size, 0))
			goto lost;
	if (cpu_jiffies(&b0, &t0))
		die("/proc/stat");
	start = now_s();
	end = start + secs;
	do {
		s = now_ns();
		if (xfer(fd, buf, size, 1) || xfer(fd, buf, size, 0))
			goto lost;
		if (n == cap) {
			cap *= 2;
			rtt = realloc(rtt, cap * sizeof(*rtt));
			if (!rtt)
				die("realloc");
		}
		rtt[n] = now_ns() - s;
		sum += rtt[n++];
	} while (now_s() < end);
	elapsed = now_s() - start;
	if (cpu_jiffies(&b1, &t1))
		die("/proc/stat");
	close(fd);
	qsort(rtt, n, sizeof(*rtt), cmp_ll);
	{
		double hz = sysconf(_SC_CLK_TCK);

		printf("{\"trans\": %zu, \"secs\": %.3f, \"tps\": %.1f, "
		       "\"mean_us\": %.2f, \"p50_us\": %.2f, \"p99_us\": %.2f, "
		       "\"min_us\": %.2f, \"max_us\": %.2f, "
		       "\"cpu_busy_s\": %.2f, \"cpu_total_s\": %.2f}\n",
		       n, elapsed, n / elapsed, sum / 1e3 / n,
		       rtt[n / 2] / 1e3, rtt[(n * 99) / 100] / 1e3,
		       rtt[0] / 1e3, rtt[n - 1] / 1e3, (b1 - b0) / hz,
		       (t1 - t0) / hz);
	}
	free(rtt);
	free(buf);
	return 0;
lost:
	fprintf(stderr, "%s: transaction %zu: no answer within %d ms\n",
		prog, n, IO_TIMEOUT_MS);
	return 1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: %s -s [-p PORT] [-T SECS]\n"
		"       %s -c HOST [-p PORT] [-t SECS] [-w SECS] [-l SIZE]\n",
		prog, prog);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *host = NULL, *port = "5301";
	double secs = 3, warmup = 0.5, lifetime = 600;
	long size = 1;
	int opt, srv = 0;

	while ((opt = getopt(argc, argv, "sc:p:t:w:l:T:")) != -1) {
		switch (opt) {
		case 's':
			srv = 1;
			break;
		case 'c':
			host = optarg;
			break;
		case 'p':
			port = optarg;
			break;
		case 't':
			secs = atof(optarg);
			break;
		case 'w':
			warmup = atof(optarg);
			break;
		case 'l':
			size = atol(optarg);
			break;
		case 'T':
			lifetime = atof(optarg);
			break;
		default:
			usage();
		}
	}
	if (srv == !!host || size < 1 || size > MAX_SIZE || secs <= 0)
		usage();
	signal(SIGPIPE, SIG_IGN);
	return srv ? server(port, lifetime) : client(host, port, secs, warmup,
						     size);
}

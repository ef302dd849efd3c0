// SPDX-License-Identifier: GPL-2.0
/*
 * nlctl: the way batched flow requests reach the kernel (flowbatch.c's
 * transport): the request socket of nl.c, written to by a thread of its
 * own.
 *
 * The kernel does a request's work, parsing and installing up to 4096
 * flows, inside sendmsg(), in the sender's context. Sending from a second
 * thread lets the batcher parse and pack the next request meanwhile, on
 * another CPU: the two halves of the work overlap instead of adding up.
 *
 * One request at a time is handed to the thread; send() waits while the
 * previous one is still being sent. A send that fails is reported by the
 * next send() or recv(), as any failure of the socket is: after it,
 * nothing in flight can be trusted, and the socket is closed. A blocking
 * recv() first waits for the thread to be done: the kernel queues a
 * request's ACK before its sendmsg() returns, so once the thread is idle,
 * every request sent has its ACK queued or failed to go, and the wait for
 * the ACK cannot hang. Only the main thread opens, reads and closes the
 * socket; the thread touches nothing but the descriptor and the buffer it
 * was handed, which the batcher keeps until the ACK comes or the transport
 * is drained.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

#include "flow.h"
#include "nl.h"

static struct {
	pthread_mutex_t lock;		/* protects the fields below */
	pthread_cond_t cond;		/* any of them changed */
	pthread_t thread;
	bool started;
	bool busy;			/* buf is being sent */
	bool quit;			/* the thread is to end */
	int fd;				/* where buf goes */
	const void *buf;
	size_t len;
	int err;			/* a failed send, not yet reported */
} snd = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

static int send_all(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n;

	do {
		n = sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa));
	} while (n < 0 && errno == EINTR);
	if (n == (ssize_t)len)
		return 0;
	return n < 0 ? -errno : -EMSGSIZE;
}

static void *sender(void *arg)
{
	int err;

	(void)arg;
	pthread_mutex_lock(&snd.lock);
	for (;;) {
		while (!snd.busy && !snd.quit)
			pthread_cond_wait(&snd.cond, &snd.lock);
		if (!snd.busy)
			break;
		pthread_mutex_unlock(&snd.lock);
		err = send_all(snd.fd, snd.buf, snd.len);
		pthread_mutex_lock(&snd.lock);
		if (err && !snd.err)
			snd.err = err;
		snd.busy = false;
		snd.buf = NULL;
		pthread_cond_broadcast(&snd.cond);
	}
	pthread_mutex_unlock(&snd.lock);
	return NULL;
}

/* Wait until nothing is being sent; returns a failure not yet reported. */
static int idle_locked(void)
{
	int err;

	while (snd.busy)
		pthread_cond_wait(&snd.cond, &snd.lock);
	err = snd.err;
	snd.err = 0;
	return err;
}

/* After a failure: the socket is out of step with the batcher; drop it. */
static int failure(int err)
{
	vxfp_nl_close();
	return err;
}

static int tp_open(void *arg, int *family)
{
	int ret = vxfp_nl_ready();

	(void)arg;
	if (!ret)
		*family = vxfp_nl_family();
	return ret;
}

static int tp_send(void *arg, const void *buf, size_t len)
{
	int err;

	(void)arg;
	pthread_mutex_lock(&snd.lock);
	err = idle_locked();
	if (!err && !snd.started) {
		err = -pthread_create(&snd.thread, NULL, sender, NULL);
		snd.started = !err;
	}
	if (err) {
		pthread_mutex_unlock(&snd.lock);
		return failure(err);
	}
	snd.fd = vxfp_nl_fd();
	snd.buf = buf;
	snd.len = len;
	snd.busy = true;
	pthread_cond_broadcast(&snd.cond);
	pthread_mutex_unlock(&snd.lock);
	return 0;
}

static ssize_t tp_recv(void *arg, void *buf, size_t len, bool block)
{
	struct sockaddr_nl sa;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr mh = {
		.msg_name = &sa, .msg_namelen = sizeof(sa),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	ssize_t n;
	int err;

	(void)arg;
	pthread_mutex_lock(&snd.lock);
	if (block) {
		err = idle_locked();
	} else {
		err = snd.err;
		snd.err = 0;
	}
	pthread_mutex_unlock(&snd.lock);
	if (err)
		return failure(err);
	do {
		n = recvmsg(vxfp_nl_fd(), &mh, block ? 0 : MSG_DONTWAIT);
	} while (n < 0 && errno == EINTR);
	if (n < 0 && !block && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n > 0 && !(mh.msg_flags & MSG_TRUNC))
		return n;
	err = n < 0 ? -errno : n ? -EMSGSIZE : -EPIPE;
	/* the thread must be done with the socket before it goes */
	pthread_mutex_lock(&snd.lock);
	idle_locked();
	pthread_mutex_unlock(&snd.lock);
	return failure(err);
}

/*
 * Wait for the request being sent, if any, forget how it went (the batcher
 * gave up on what is in flight) and end the thread.
 */
static void tp_drain(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&snd.lock);
	idle_locked();
	if (!snd.started) {
		pthread_mutex_unlock(&snd.lock);
		return;
	}
	snd.quit = true;
	pthread_cond_broadcast(&snd.cond);
	pthread_mutex_unlock(&snd.lock);
	pthread_join(snd.thread, NULL);
	pthread_mutex_lock(&snd.lock);
	snd.started = false;
	snd.quit = false;
	pthread_mutex_unlock(&snd.lock);
}

const struct fb_transport flow_sock_transport = {
	.open = tp_open,
	.send = tp_send,
	.recv = tp_recv,
	.drain = tp_drain,
};

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlctl: the generic-netlink socket, resolution of the "vxfp" family,
 * and request/dump helpers with extended-ACK error reporting.
 */
#ifndef NLCTL_NL_H
#define NLCTL_NL_H

#include <stdbool.h>
#include <stdint.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <linux/vxfp.h>

/* Called for every reply message, with its attributes parsed. */
typedef int (*vxfp_reply_fn)(struct nlattr **tb, void *arg);
/* Fills a request's attributes from a command's parsed arguments. */
typedef int (*vxfp_put_fn)(struct nl_msg *msg, const void *args);
/* Called for every reply message, whole, and with its attributes parsed. */
typedef int (*vxfp_msg_fn)(const struct nlmsghdr *nlh, struct nlattr **tb,
			   void *arg);
/* Called for every event of the monitor group, with its command. */
typedef int (*vxfp_event_fn)(uint8_t cmd, struct nlattr **tb, void *arg);

int vxfp_nl_open(void);
int vxfp_nl_ready(void);
int vxfp_nl_family(void);
int vxfp_nl_fd(void);
void vxfp_nl_close(void);
struct nl_msg *vxfp_msg_new(uint8_t cmd, bool dump);
struct nl_msg *vxfp_msg_flags(uint8_t cmd, int flags);
int vxfp_request(struct nl_msg *msg, vxfp_reply_fn fn, void *arg);
int vxfp_send(uint8_t cmd, bool dump, vxfp_put_fn put, const void *args,
	      vxfp_reply_fn fn, void *arg);
int vxfp_send_msgs(uint8_t cmd, int flags, vxfp_put_fn put, const void *args,
		   vxfp_msg_fn fn, void *arg);

int vxfp_mon_open(void);
int vxfp_mon_fd(void);
int vxfp_mon_recv(vxfp_event_fn fn, void *arg);
void vxfp_mon_close(void);

#endif /* NLCTL_NL_H */

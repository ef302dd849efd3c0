/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the flow table (flow_table.c) uses of the kernel. In the kernel
 * this is only includes. In userspace (tools/ftbench) it supplies the same
 * names, single-threaded: RCU readers and writers never run at once there,
 * so RCU is plain accesses and immediate frees, per-CPU data has one CPU,
 * and the mutex is a pthread mutex. Only what flow_table.c needs.
 */
#ifndef _VXFP_FT_SHIM_H
#define _VXFP_FT_SHIM_H

#ifdef __KERNEL__

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/err.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>

#include "compat.h"

#else /* !__KERNEL__ */

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <linux/types.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#define ETH_ALEN	6
#define BIT(n)		(1UL << (n))
#define __vxfp_shim_attr(a)	__attribute__((a))
#define __aligned(x)	__vxfp_shim_attr(__aligned__(x))
#define __rcu
#define __percpu
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define fallthrough	__vxfp_shim_attr(__fallthrough__)
#define barrier()	__atomic_signal_fence(__ATOMIC_SEQ_CST)
#define READ_ONCE(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define U32_MAX		((u32)~0U)

/* errors */
#define MAX_ERRNO	4095
static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return (unsigned long)ptr >= (unsigned long)-MAX_ERRNO;
}

struct netlink_ext_ack {
	const char *_msg;
};

#define NL_SET_ERR_MSG(extack, msg) do {		\
	struct netlink_ext_ack *__extack = (extack);	\
	if (__extack)					\
		__extack->_msg = (msg);			\
} while (0)

/* memory */
#define GFP_KERNEL	0
/* for a flexible array member */
#define struct_size(p, member, n)	offsetof(typeof(*(p)), member[n])

static inline void *kzalloc(size_t size, int gfp)
{
	(void)gfp;
	return calloc(1, size);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

#define kvzalloc(size, gfp)	kzalloc(size, gfp)
#define kvfree(p)		kfree(p)

/* RCU: no reader runs while a writer does, so a grace period is now */
/* the kernel's size (struct callback_head), so that layouts match */
struct rcu_head {
	void *next;
	void *func;
};

#define rcu_dereference(p)		READ_ONCE(p)
#define rcu_dereference_protected(p, c)	((void)(c), (p))
#define rcu_dereference_check(p, c)	READ_ONCE(p)
#define rcu_read_lock()			barrier()
#define rcu_read_unlock()		barrier()
#define rcu_access_pointer(p)		READ_ONCE(p)
#define rcu_assign_pointer(p, v)	do {	\
	barrier();				\
	WRITE_ONCE(p, v);			\
} while (0)
#define RCU_INIT_POINTER(p, v)		WRITE_ONCE(p, v)
#define kfree_rcu(p, field)		kfree(p)
#define kvfree_rcu(p, field)		kvfree(p)
#define rcu_barrier()			do { } while (0)
#define get_state_synchronize_rcu()	0UL
#define vxfp_get_completed_synchronize_rcu()	0UL
#define cond_synchronize_rcu(s)		((void)(s))

static inline void call_rcu(struct rcu_head *head,
			    void (*func)(struct rcu_head *head))
{
	func(head);
}

/* locks */
struct mutex {
	pthread_mutex_t m;
};

#define mutex_init(l)		pthread_mutex_init(&(l)->m, NULL)
#define mutex_destroy(l)	pthread_mutex_destroy(&(l)->m)
#define mutex_lock(l)		pthread_mutex_lock(&(l)->m)
#define mutex_unlock(l)		pthread_mutex_unlock(&(l)->m)
#define lockdep_is_held(l)	((void)(l), 1)

/* hlist, with the RCU-safe updates the table uses */
struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct hlist_head {
	struct hlist_node *first;
};

#define hlist_first_rcu(head)	((head)->first)
#define hlist_next_rcu(node)	((node)->next)

static inline void hlist_add_head_rcu(struct hlist_node *n,
				      struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	n->pprev = &h->first;
	if (first)
		first->pprev = &n->next;
	rcu_assign_pointer(h->first, n);
}

static inline void hlist_add_before_rcu(struct hlist_node *n,
					struct hlist_node *next)
{
	n->pprev = next->pprev;
	n->next = next;
	rcu_assign_pointer(*n->pprev, n);
	next->pprev = &n->next;
}

static inline void hlist_add_behind_rcu(struct hlist_node *n,
					struct hlist_node *prev)
{
	n->next = prev->next;
	n->pprev = &prev->next;
	rcu_assign_pointer(prev->next, n);
	if (n->next)
		n->next->pprev = &n->next;
}

static inline void hlist_del_rcu(struct hlist_node *n)
{
	struct hlist_node *next = n->next;

	WRITE_ONCE(*n->pprev, next);
	if (next)
		next->pprev = n->pprev;
	n->pprev = NULL;
}

/* per-CPU data and statistics, for one CPU */
#define alloc_percpu(t)		kzalloc(sizeof(t), GFP_KERNEL)
#define free_percpu(p)		kfree(p)
#define this_cpu_ptr(p)		(p)
#define per_cpu_ptr(p, cpu)	((void)(cpu), (p))
#define this_cpu_inc(x)		((x)++)
#define for_each_possible_cpu(cpu) \
	for (int *__cpu = vxfp_shim_cpu0(&(cpu)); __cpu; __cpu = NULL)

static inline int *vxfp_shim_cpu0(int *cpu)
{
	*cpu = 0;
	return cpu;
}

struct vxfp_shim_u64_stats {
	u64 v;
};

#define u64_stats_t	struct vxfp_shim_u64_stats

struct u64_stats_sync {
	int unused;
};

#define u64_stats_init(s)		do { } while (0)
#define u64_stats_update_begin(s)	do { } while (0)
#define u64_stats_update_end(s)		do { } while (0)
#define u64_stats_fetch_begin(s)	0U
#define u64_stats_fetch_retry(s, st)	((void)(s), (void)(st), false)
#define u64_stats_inc(p)		((p)->v++)
#define u64_stats_add(p, n)		((p)->v += (n))
#define u64_stats_read(p)		((p)->v)

/* time: tools/ftbench/ft_shim.c, advanced by the tests */
extern unsigned long jiffies;
#define time_after(a, b)	((long)((b) - (a)) < 0)

u32 get_random_u32(void);

/* Bob Jenkins' lookup3 hash, as the kernel's jhash */
static inline u32 vxfp_shim_rol32(u32 w, unsigned int s)
{
	return (w << s) | (w >> (32 - s));
}

static inline void __jhash_mix(u32 *a, u32 *b, u32 *c)
{
	*a -= *c; *a ^= vxfp_shim_rol32(*c, 4);  *c += *b;
	*b -= *a; *b ^= vxfp_shim_rol32(*a, 6);  *a += *c;
	*c -= *b; *c ^= vxfp_shim_rol32(*b, 8);  *b += *a;
	*a -= *c; *a ^= vxfp_shim_rol32(*c, 16); *c += *b;
	*b -= *a; *b ^= vxfp_shim_rol32(*a, 19); *a += *c;
	*c -= *b; *c ^= vxfp_shim_rol32(*b, 4);  *b += *a;
}

static inline void __jhash_final(u32 *a, u32 *b, u32 *c)
{
	*c ^= *b; *c -= vxfp_shim_rol32(*b, 14);
	*a ^= *c; *a -= vxfp_shim_rol32(*c, 11);
	*b ^= *a; *b -= vxfp_shim_rol32(*a, 25);
	*c ^= *b; *c -= vxfp_shim_rol32(*b, 16);
	*a ^= *c; *a -= vxfp_shim_rol32(*c, 4);
	*b ^= *a; *b -= vxfp_shim_rol32(*a, 14);
	*c ^= *b; *c -= vxfp_shim_rol32(*b, 24);
}

#define JHASH_INITVAL	0xdeadbeef

static inline u32 jhash2(const u32 *k, u32 length, u32 initval)
{
	u32 a, b, c;

	a = JHASH_INITVAL + (length << 2) + initval;
	b = a;
	c = a;
	for (; length > 3; length -= 3, k += 3) {
		a += k[0];
		b += k[1];
		c += k[2];
		__jhash_mix(&a, &b, &c);
	}
	switch (length) {
	case 3:
		c += k[2];
		fallthrough;
	case 2:
		b += k[1];
		fallthrough;
	case 1:
		a += k[0];
		__jhash_final(&a, &b, &c);
		break;
	default:
		break;
	}
	return c;
}

static inline u32 jhash_2words(u32 a, u32 b, u32 initval)
{
	u32 c = initval + JHASH_INITVAL + (2 << 2);

	a += c;
	b += c;
	__jhash_final(&a, &b, &c);
	return c;
}

#endif /* __KERNEL__ */

#endif /* _VXFP_FT_SHIM_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.0 added get_completed_synchronize_rcu(), an RCU grace-period
 * state that has always completed (RHEL 9 has it from 9.3).
 */
#include <linux/rcupdate.h>

unsigned long probe(void);
unsigned long probe(void)
{
	return get_completed_synchronize_rcu();
}

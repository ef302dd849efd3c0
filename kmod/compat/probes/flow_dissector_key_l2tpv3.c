// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.1 added FLOW_DISSECTOR_KEY_L2TPV3, a flower match on the L2TPv3
 * session id (RHEL 9 has it from 9.3).
 */
#include <net/flow_dissector.h>

int probe(void);
int probe(void)
{
	return FLOW_DISSECTOR_KEY_L2TPV3;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.2 added flow_rule_match_arp(); before, a driver reads the ARP
 * key of a flow_rule through skb_flow_dissector_target().
 */
#include <net/flow_offload.h>

void probe(const struct flow_rule *rule);
void probe(const struct flow_rule *rule)
{
	struct flow_match_arp match;

	flow_rule_match_arp(rule, &match);
}

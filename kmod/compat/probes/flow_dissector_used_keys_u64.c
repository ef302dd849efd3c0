// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.6 widened flow_dissector::used_keys from unsigned int to 64 bits,
 * since the key ids went past 31.
 */
#include <linux/build_bug.h>
#include <net/flow_dissector.h>

static_assert(sizeof_field(struct flow_dissector, used_keys) == sizeof(u64));

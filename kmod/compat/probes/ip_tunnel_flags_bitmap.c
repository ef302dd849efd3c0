// SPDX-License-Identifier: GPL-2.0
/*
 * Linux 6.10 turned the tunnel flags from __be16 TUNNEL_* masks into a
 * bitmap of IP_TUNNEL_*_BIT, as in ip_tunnel_key::tun_flags.
 */
#include <net/ip_tunnels.h>

bool probe(const struct ip_tunnel_key *key);
bool probe(const struct ip_tunnel_key *key)
{
	IP_TUNNEL_DECLARE_FLAGS(flags) = { };

	__set_bit(IP_TUNNEL_KEY_BIT, flags);
	return ip_tunnel_flags_intersect(key->tun_flags, flags) &&
	       test_bit(IP_TUNNEL_CSUM_BIT, key->tun_flags);
}

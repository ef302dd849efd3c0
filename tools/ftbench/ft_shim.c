// SPDX-License-Identifier: GPL-2.0
/* The little of ft_shim.h that needs a definition in userspace. */
#include "ft_shim.h"

unsigned long jiffies = 1;

u32 get_random_u32(void)
{
	static u32 x = 0x9e3779b9;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}
